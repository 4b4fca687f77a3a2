using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace Aio.Analyzers.CodeFixes;

/// <summary>The small syntax edits the fixes share.</summary>
internal static class Edits
{
    internal static async Task<Document> ReplaceAsync(Document document, SyntaxNode node, SyntaxNode replacement, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var annotated = replacement.WithTriviaFrom(node).WithAdditionalAnnotations(Formatter.Annotation);
        return document.WithSyntaxRoot(root!.ReplaceNode(node, annotated));
    }

    /// <summary><c>(await expression)</c>; the parentheses are dropped again where they are not needed.</summary>
    internal static ExpressionSyntax Awaited(ExpressionSyntax expression, bool parenthesize) =>
        parenthesize
            ? SyntaxFactory.ParenthesizedExpression(Await(expression)).WithAdditionalAnnotations(Simplifier.Annotation)
            : Await(expression);

    /// <summary>A fully qualified type name that simplifies (adding its using) where the document allows.</summary>
    internal static TypeSyntax Qualified(string name) =>
        SyntaxFactory.ParseTypeName(name).WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);

    private static AwaitExpressionSyntax Await(ExpressionSyntax expression) =>
        SyntaxFactory.AwaitExpression(expression.WithoutTrivia());
}
