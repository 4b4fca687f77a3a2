using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

namespace Aio.Analyzers;

/// <summary>
/// AIO004: a catch in async code that would catch Aio's <c>CancelledError</c> raised by an await in its try
/// block, and neither rethrows it nor filters it out. In C# cancellation is an ordinary exception (asyncio's
/// <c>CancelledError</c> is a <c>BaseException</c> that <c>except Exception</c> does not catch), so a broad
/// catch is the easiest way to turn a cancelled task into one that carries on — breaking timeouts, TaskGroups
/// and cancel scopes.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SwallowedCancellationAnalyzer : DiagnosticAnalyzer
{
    /// <summary>The rule's id.</summary>
    public const string DiagnosticId = "AIO004";

    /// <summary>Diagnostic property set when the catch names a broader type than the cancellation exception.</summary>
    internal const string BroadKey = "Broad";

    internal static readonly DiagnosticDescriptor Rule = new(
        DiagnosticId,
        title: "Catch swallows cancellation",
        messageFormat: "'{0}' around an await swallows cancellation; rethrow it with 'throw;' or filter it out with 'when (e is not OperationCanceledException)'",
        category: "Aio.Async",
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Cancelling an Aio task raises CancelledError (an OperationCanceledException) at the wait it "
            + "is in. A catch of OperationCanceledException, CancelledError, Exception or everything around that "
            + "wait stops the cancellation unless it rethrows: the task keeps running, a timeout never fires, a "
            + "TaskGroup cannot stop its children. Let cancellation through: add "
            + "'catch (OperationCanceledException) { throw; }' before the broad catch, add a filter "
            + "'when (e is not OperationCanceledException)', or end the handler with 'throw;'.");

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var types = new KnownTypes(start.Compilation);
            if (types.Cancellation is { } cancellation)
            {
                start.RegisterSyntaxNodeAction(c => Analyze(c, types, cancellation), SyntaxKind.CatchClause);
            }
        });
    }

    private static void Analyze(SyntaxNodeAnalysisContext context, KnownTypes types, INamedTypeSymbol cancellation)
    {
        var clause = (CatchClauseSyntax)context.Node;
        var model = context.SemanticModel;
        var caught = clause.Declaration is null ? null : model.GetTypeInfo(clause.Declaration.Type, context.CancellationToken).Type;
        if (clause.Declaration is not null && !Awaitables.IsOrDerivesFrom(cancellation, caught as INamedTypeSymbol))
        {
            return;
        }

        var broad = caught is null || !Awaitables.IsOrDerivesFrom(caught, types.OperationCanceledException);
        if (clause.Parent is not TryStatementSyntax tryStatement
            || !AsyncCode.IsInAsyncFunction(model, clause)
            || !AsyncCode.AwaitsIn(tryStatement.Block).Any()
            || CaughtEarlier(tryStatement, clause, model, cancellation)
            || (!broad && AwaitsOnlyCancelledTasks(tryStatement))
            || Rethrows(clause, model)
            || (clause.Filter is { } filter && Excludes(model.GetOperation(filter.FilterExpression, context.CancellationToken), cancellation)))
        {
            return;
        }

        var properties = broad ? ImmutableDictionary<string, string?>.Empty.Add(BroadKey, "true") : ImmutableDictionary<string, string?>.Empty;
        var end = clause.Declaration?.Span.End ?? clause.CatchKeyword.Span.End;
        var span = TextSpan.FromBounds(clause.CatchKeyword.SpanStart, end);
        var text = clause.Declaration is null ? "catch" : "catch " + clause.Declaration.ToString();
        context.ReportDiagnostic(Diagnostic.Create(Rule, Location.Create(clause.SyntaxTree, span), properties, text));
    }

    /// <summary>
    /// Whether an earlier unfiltered catch of the same try takes every cancellation first (it is judged on its own):
    /// the usual <c>catch (OperationCanceledException) { throw; }</c> in front of a broad catch.
    /// </summary>
    private static bool CaughtEarlier(TryStatementSyntax tryStatement, CatchClauseSyntax clause, SemanticModel model, INamedTypeSymbol cancellation) =>
        tryStatement.Catches.TakeWhile(c => c != clause).Any(c =>
            c.Filter is null
            && (c.Declaration is null || Covers(model.GetTypeInfo(c.Declaration.Type).Type, cancellation)));

    /// <summary>
    /// asyncio's idiom for stopping a child: <c>task.Cancel(); try { await task; } catch (CancelledError) { }</c>.
    /// The cancellation caught there is the child's, asked for just before, so the catch is not reported when
    /// every statement of the try awaits a variable that had <c>Cancel()</c> called on it earlier.
    /// </summary>
    private static bool AwaitsOnlyCancelledTasks(TryStatementSyntax tryStatement)
    {
        var function = AsyncCode.FunctionOf(tryStatement);
        if (function is null || tryStatement.Block.Statements.Count == 0)
        {
            return false;
        }

        return tryStatement.Block.Statements.All(statement =>
            statement is ExpressionStatementSyntax { Expression: AwaitExpressionSyntax { Expression: IdentifierNameSyntax awaited } }
            && function.DescendantNodes().OfType<InvocationExpressionSyntax>().Any(call =>
                call.Span.End <= tryStatement.SpanStart
                && call.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Cancel", Expression: IdentifierNameSyntax target }
                && target.Identifier.ValueText == awaited.Identifier.ValueText));
    }

    /// <summary><c>throw;</c>, <c>throw e;</c> of the caught exception, or <c>ExceptionDispatchInfo</c>'s rethrow.</summary>
    private static bool Rethrows(CatchClauseSyntax clause, SemanticModel model)
    {
        var caughtName = clause.Declaration?.Identifier.ValueText;
        foreach (var node in clause.Block.DescendantNodes(n => n is not AnonymousFunctionExpressionSyntax and not LocalFunctionStatementSyntax))
        {
            switch (node)
            {
                case ThrowStatementSyntax { Expression: null }:
                    return true;
                case ThrowStatementSyntax { Expression: IdentifierNameSyntax id } when id.Identifier.ValueText == caughtName:
                    return true;
                case InvocationExpressionSyntax invocation
                    when model.GetSymbolInfo(invocation).Symbol is IMethodSymbol { Name: "Throw", ContainingType.Name: "ExceptionDispatchInfo" }:
                    return true;
            }
        }

        return false;
    }

    /// <summary>Whether a catch filter is false for every cancellation exception, as far as type tests show.</summary>
    private static bool Excludes(IOperation? filter, INamedTypeSymbol cancellation) => filter switch
    {
        IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not => Matches(not.Operand, cancellation),
        IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd } and => Excludes(and.LeftOperand, cancellation) || Excludes(and.RightOperand, cancellation),
        IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalOr } or => Excludes(or.LeftOperand, cancellation) && Excludes(or.RightOperand, cancellation),
        IIsTypeOperation { IsNegated: true } isNot => Covers(isNot.TypeOperand, cancellation),
        IIsTypeOperation isType => !Covers(isType.TypeOperand, cancellation),
        IIsPatternOperation pattern => PatternExcludes(pattern.Pattern, cancellation),
        _ => false,
    };

    /// <summary>Whether a condition is true for every cancellation exception (so its negation excludes them).</summary>
    private static bool Matches(IOperation? condition, INamedTypeSymbol cancellation) => condition switch
    {
        IIsTypeOperation { IsNegated: false } isType => Covers(isType.TypeOperand, cancellation),
        IIsPatternOperation pattern => PatternMatches(pattern.Pattern, cancellation),
        IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalOr } or => Matches(or.LeftOperand, cancellation) || Matches(or.RightOperand, cancellation),
        _ => false,
    };

    private static bool PatternExcludes(IPatternOperation pattern, INamedTypeSymbol cancellation) => pattern switch
    {
        INegatedPatternOperation negated => PatternMatches(negated.Pattern, cancellation),
        IBinaryPatternOperation { OperatorKind: BinaryOperatorKind.Or } or => PatternExcludes(or.LeftPattern, cancellation) && PatternExcludes(or.RightPattern, cancellation),
        IBinaryPatternOperation { OperatorKind: BinaryOperatorKind.And } and => PatternExcludes(and.LeftPattern, cancellation) || PatternExcludes(and.RightPattern, cancellation),
        ITypePatternOperation type => !Covers(type.MatchedType, cancellation),
        IDeclarationPatternOperation declaration => !Covers(declaration.MatchedType, cancellation),
        IRecursivePatternOperation recursive => !Covers(recursive.MatchedType, cancellation),
        _ => false,
    };

    private static bool PatternMatches(IPatternOperation pattern, INamedTypeSymbol cancellation) => pattern switch
    {
        IBinaryPatternOperation { OperatorKind: BinaryOperatorKind.Or } or => PatternMatches(or.LeftPattern, cancellation) || PatternMatches(or.RightPattern, cancellation),
        IBinaryPatternOperation { OperatorKind: BinaryOperatorKind.And } and => PatternMatches(and.LeftPattern, cancellation) && PatternMatches(and.RightPattern, cancellation),
        ITypePatternOperation type => Covers(type.MatchedType, cancellation),
        IDeclarationPatternOperation declaration => Covers(declaration.MatchedType, cancellation),
        _ => false,
    };

    private static bool Covers(ITypeSymbol? type, INamedTypeSymbol cancellation) =>
        type is INamedTypeSymbol named && Awaitables.IsOrDerivesFrom(cancellation, named);
}
