using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Aio.Analyzers.CodeFixes;

/// <summary>
/// Fixes AIO002 by marking the fire-and-forget as intended with a discard, <c>_ = SomethingAsync();</c> — the
/// documented opt-out the rule never reports. (Adding <c>await</c> is not offered: where it could be written
/// without making the method async, CS4014 reports the call instead, with the IDE's own fix.)
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(DiscardedAwaitableCodeFix))]
[Shared]
public sealed class DiscardedAwaitableCodeFix : CodeFixProvider
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(DiscardedAwaitableAnalyzer.DiagnosticId);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var diagnostic = context.Diagnostics[0];
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not ExpressionSyntax call)
        {
            return;
        }

        var discard = SyntaxFactory.AssignmentExpression(SyntaxKind.SimpleAssignmentExpression, SyntaxFactory.ParseExpression("_"), call.WithoutTrivia());
        context.RegisterCodeFix(
            CodeAction.Create("Discard explicitly (fire-and-forget)", ct => Edits.ReplaceAsync(context.Document, call, discard, ct), equivalenceKey: "AIO002discard"),
            diagnostic);
    }
}
