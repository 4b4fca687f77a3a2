using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;

namespace Aio.Analyzers.CodeFixes;

/// <summary>
/// Fixes AIO004: before a broad catch, insert <c>catch (OperationCanceledException) { throw; }</c> so cancellation
/// passes and everything else is handled as before; or end the handler with <c>throw;</c> (offered when the end of
/// the handler is reachable).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SwallowedCancellationCodeFix))]
[Shared]
public sealed class SwallowedCancellationCodeFix : CodeFixProvider
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(SwallowedCancellationAnalyzer.DiagnosticId);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var diagnostic = context.Diagnostics[0];
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        var clause = root?.FindNode(diagnostic.Location.SourceSpan).FirstAncestorOrSelf<CatchClauseSyntax>();
        if (clause?.Parent is not TryStatementSyntax tryStatement || model is null)
        {
            return;
        }

        if (diagnostic.Properties.ContainsKey(SwallowedCancellationAnalyzer.BroadKey))
        {
            context.RegisterCodeFix(
                CodeAction.Create("Let cancellation through", ct => LetThroughAsync(context.Document, model, tryStatement, clause, ct), equivalenceKey: "AIO004letthrough"),
                diagnostic);
        }

        if (model.AnalyzeControlFlow(clause.Block) is { Succeeded: true, EndPointIsReachable: true })
        {
            var rethrowing = clause.Block.AddStatements(SyntaxFactory.ThrowStatement());
            context.RegisterCodeFix(
                CodeAction.Create("Rethrow after handling", ct => Edits.ReplaceAsync(context.Document, clause.Block, rethrowing, ct), equivalenceKey: "AIO004rethrow"),
                diagnostic);
        }
    }

    private static async Task<Document> LetThroughAsync(Document document, SemanticModel model, TryStatementSyntax tryStatement, CatchClauseSyntax clause, CancellationToken cancellationToken)
    {
        var rethrow = SyntaxFactory.CatchClause(
                SyntaxFactory.CatchDeclaration(Edits.TypeName("System.OperationCanceledException", model, clause.SpanStart)),
                filter: null,
                SyntaxFactory.Block(SyntaxFactory.ThrowStatement()))
            .WithAdditionalAnnotations(Formatter.Annotation);
        var catches = tryStatement.Catches.Insert(tryStatement.Catches.IndexOf(clause), rethrow);
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        return await Edits.WithImportsAsync(document.WithSyntaxRoot(root!.ReplaceNode(tryStatement, tryStatement.WithCatches(catches))), cancellationToken).ConfigureAwait(false);
    }
}
