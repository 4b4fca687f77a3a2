using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Aio.Analyzers.CodeFixes;

/// <summary>
/// Fixes AIO001 where the async form is a drop-in: <c>Thread.Sleep(x)</c> becomes
/// <c>await Asyncio.Sleep(TimeSpan.FromMilliseconds(x))</c>, <c>t.Wait()</c> becomes <c>await t</c>,
/// <c>t.Result</c> and <c>t.GetAwaiter().GetResult()</c> become <c>await t</c>, <c>Task.WaitAll(a, b)</c> becomes
/// <c>await Task.WhenAll(a, b)</c>, and a blocking I/O call becomes an await of its <c>…Async</c> twin when the
/// twin takes the same arguments and gives the same result.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(BlockingCallCodeFix))]
[Shared]
public sealed class BlockingCallCodeFix : CodeFixProvider
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(BlockingCallAnalyzer.DiagnosticId);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var diagnostic = context.Diagnostics[0];
        if (!diagnostic.Properties.TryGetValue(BlockingCallAnalyzer.FixKey, out var fix) || fix is null)
        {
            return;
        }

        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        var node = root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        if (node is not ExpressionSyntax expression || model is null || AsyncCode.ForbidsAwait(expression))
        {
            return;
        }

        diagnostic.Properties.TryGetValue(BlockingCallAnalyzer.TwinKey, out var twin);
        var (title, replacement) = fix switch
        {
            BlockingCallAnalyzer.FixSleep => ("Use 'await Asyncio.Sleep'", Sleep(expression, model)),
            BlockingCallAnalyzer.FixWait => ("Await the task", Wait(expression)),
            BlockingCallAnalyzer.FixWaitAll => ("Use 'await Task.WhenAll'", WaitAll(expression)),
            BlockingCallAnalyzer.FixResult => ("Await the task", Result(expression)),
            BlockingCallAnalyzer.FixGetResult => ("Await the task", GetResult(expression)),
            BlockingCallAnalyzer.FixTwin => ($"Use 'await {twin}'", Twin(expression, twin, model)),
            _ => (string.Empty, null),
        };
        if (replacement is null)
        {
            return;
        }

        context.RegisterCodeFix(
            CodeAction.Create(title, ct => Edits.ReplaceAsync(context.Document, expression, replacement, ct), equivalenceKey: BlockingCallAnalyzer.DiagnosticId + fix),
            diagnostic);
    }

    private static ExpressionSyntax? Sleep(ExpressionSyntax node, SemanticModel model)
    {
        if (node is not InvocationExpressionSyntax { ArgumentList.Arguments.Count: 1 } invocation)
        {
            return null;
        }

        var argument = invocation.ArgumentList.Arguments[0];

        var delay = argument.Expression.WithoutTrivia();
        var isTimeSpan = model.GetTypeInfo(argument.Expression).Type?.Name == nameof(System.TimeSpan);
        var hasAio = model.Compilation.GetTypeByMetadataName("Aio.Asyncio") is not null;
        var sleep = hasAio
            ? SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, Edits.TypeName("Aio.Asyncio", model, node.SpanStart), SyntaxFactory.IdentifierName("Sleep"))
            : SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, Edits.TypeName("System.Threading.Tasks.Task", model, node.SpanStart), SyntaxFactory.IdentifierName("Delay"));
        if (hasAio && !isTimeSpan)
        {
            var fromMs = SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, Edits.TypeName("System.TimeSpan", model, node.SpanStart), SyntaxFactory.IdentifierName("FromMilliseconds"));
            delay = SyntaxFactory.InvocationExpression(fromMs, SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(delay))));
        }

        var call = SyntaxFactory.InvocationExpression(sleep, SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(delay))));
        return Edits.Awaited(call, parenthesize: false);
    }

    private static ExpressionSyntax? Wait(ExpressionSyntax node) =>
        node is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } ? Edits.Awaited(access.Expression, parenthesize: false) : null;

    private static ExpressionSyntax? WaitAll(ExpressionSyntax node)
    {
        if (node is not InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } invocation)
        {
            return null;
        }

        var whenAll = invocation.WithExpression(access.WithName(SyntaxFactory.IdentifierName("WhenAll")));
        return Edits.Awaited(whenAll, parenthesize: false);
    }

    private static ExpressionSyntax? Result(ExpressionSyntax node) =>
        node is MemberAccessExpressionSyntax access ? Edits.Awaited(access.Expression, parenthesize: true) : null;

    private static ExpressionSyntax? GetResult(ExpressionSyntax node) =>
        node is InvocationExpressionSyntax
        {
            Expression: MemberAccessExpressionSyntax { Expression: InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax getAwaiter } },
        }
            ? Edits.Awaited(getAwaiter.Expression, parenthesize: true)
            : null;

    /// <summary>The twin call, awaited, if it binds with the same arguments and awaits to the same result type.</summary>
    private static ExpressionSyntax? Twin(ExpressionSyntax node, string? twin, SemanticModel model)
    {
        if (twin is null || node is not InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } invocation
            || model.GetSymbolInfo(invocation).Symbol is not IMethodSymbol original)
        {
            return null;
        }

        var call = invocation.WithExpression(access.WithName(SyntaxFactory.IdentifierName(twin)));
        var bound = model.GetSpeculativeSymbolInfo(invocation.SpanStart, call, SpeculativeBindingOption.BindAsExpression).Symbol as IMethodSymbol;
        if (bound is not { ReturnType: INamedTypeSymbol returned } || !Awaitables.IsTaskLike(returned))
        {
            return null;
        }

        var sameResult = original.ReturnsVoid
            ? returned.TypeArguments.Length == 0
            : returned.TypeArguments.Length == 1 && SymbolEqualityComparer.Default.Equals(returned.TypeArguments[0], original.ReturnType);
        return sameResult ? Edits.Awaited(call, parenthesize: !original.ReturnsVoid) : null;
    }
}
