using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Aio.Analyzers;

/// <summary>Where async code starts and ends, and where it awaits: what every rule asks first.</summary>
internal static class AsyncCode
{
    /// <summary>The name the compiler gives the method that holds top-level statements.</summary>
    internal const string TopLevelEntryPoint = "<Main>$";

    /// <summary>
    /// Whether the innermost method, local function or lambda around <paramref name="node"/> is async. A plain
    /// lambda inside an async method is not: its body runs wherever it is called (on a worker, for ToThread).
    /// </summary>
    internal static bool IsInAsyncFunction(SemanticModel model, SyntaxNode node) =>
        model.GetEnclosingSymbol(node.SpanStart) is IMethodSymbol { IsAsync: true };

    /// <summary>The syntax of the innermost function around <paramref name="node"/> (a compilation unit for top-level statements).</summary>
    internal static SyntaxNode? FunctionOf(SyntaxNode node)
    {
        for (var current = node.Parent; current is not null; current = current.Parent)
        {
            if (IsFunction(current) || current is CompilationUnitSyntax)
            {
                return current;
            }
        }

        return null;
    }

    /// <summary>
    /// The awaits (await expressions, <c>await foreach</c>, <c>await using</c>) that belong to
    /// <paramref name="scope"/> itself, not to functions nested in it.
    /// </summary>
    internal static IEnumerable<SyntaxNode> AwaitsIn(SyntaxNode scope) =>
        scope.DescendantNodes(descendIntoChildren: n => n == scope || !IsBoundary(n)).Where(IsAwait);

    /// <summary>Whether <paramref name="node"/> lies inside a <c>lock</c> body or a catch filter, where <c>await</c> is not allowed.</summary>
    internal static bool ForbidsAwait(SyntaxNode node)
    {
        for (var current = node.Parent; current is not null && !IsFunction(current); current = current.Parent)
        {
            if (current is LockStatementSyntax or CatchFilterClauseSyntax or QueryExpressionSyntax || current.IsKind(SyntaxKind.UnsafeStatement))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsAwait(SyntaxNode node) => node switch
    {
        AwaitExpressionSyntax => true,
        CommonForEachStatementSyntax f => f.AwaitKeyword != default,
        UsingStatementSyntax u => u.AwaitKeyword != default,
        LocalDeclarationStatementSyntax d => d.AwaitKeyword != default,
        _ => false,
    };

    private static bool IsBoundary(SyntaxNode node) => IsFunction(node) || node is BaseTypeDeclarationSyntax;

    private static bool IsFunction(SyntaxNode node) =>
        node is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or BaseMethodDeclarationSyntax
            or AccessorDeclarationSyntax or PropertyDeclarationSyntax or IndexerDeclarationSyntax;
}
