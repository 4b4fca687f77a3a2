using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace Aio.Analyzers.Tests.Support;

/// <summary>Applies a code fix to a snippet in an ad-hoc workspace and returns the fixed text.</summary>
internal static class Fixes
{
    /// <summary>The titles of the fixes offered for the first diagnostic with <paramref name="id"/>.</summary>
    internal static async Task<string[]> OfferedAsync(string source, CodeFixProvider provider, string id, bool withAio = true)
    {
        using var workspace = new AdhocWorkspace();
        var document = AddSnippet(workspace, source, withAio);
        var (actions, _) = await CollectAsync(document, provider, id);
        return actions.Select(a => a.Title).ToArray();
    }

    /// <summary>
    /// Applies the fix titled <paramref name="title"/> to the first diagnostic with <paramref name="id"/>, checks
    /// that the result still compiles and no longer has that diagnostic there, and returns the new text.
    /// </summary>
    internal static async Task<string> ApplyAsync(string source, CodeFixProvider provider, string id, string title, bool withAio = true, bool aioImported = true)
    {
        using var workspace = new AdhocWorkspace();
        var document = AddSnippet(workspace, source, withAio, aioImported);
        var (actions, before) = await CollectAsync(document, provider, id);
        var action = Assert.Single(actions, a => a.Title == title);
        var operations = await action.GetOperationsAsync(CancellationToken.None);
        var solution = Assert.Single(operations.OfType<ApplyChangesOperation>()).ChangedSolution;
        var fixedDocument = solution.GetDocument(document.Id)!;

        var compilation = (await fixedDocument.Project.GetCompilationAsync())!;
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, "The fixed snippet does not compile:\n" + string.Join("\n", errors));
        var after = await compilation.WithAnalyzers(Snippets.Analyzers).GetAnalyzerDiagnosticsAsync();
        Assert.True(after.Count(d => d.Id == id) < before, "The fix left the diagnostic in place.");

        return (await fixedDocument.GetTextAsync()).ToString();
    }

    private static Document AddSnippet(AdhocWorkspace workspace, string source, bool withAio, bool aioImported = true)
    {
        var project = workspace.AddProject(ProjectInfo.Create(
            ProjectId.CreateNewId(),
            VersionStamp.Create(),
            "Snippet",
            "Snippet",
            LanguageNames.CSharp,
            compilationOptions: Snippets.Options(program: false),
            parseOptions: Snippets.ParseOptions,
            metadataReferences: Snippets.References(withAio)));
        workspace.AddDocument(project.Id, "GlobalUsings.cs", SourceText.From(Snippets.GlobalUsings(withAio && aioImported)));
        return workspace.AddDocument(project.Id, "Snippet.cs", SourceText.From(source));
    }

    private static async Task<(List<CodeAction> Actions, int Count)> CollectAsync(Document document, CodeFixProvider provider, string id)
    {
        var compilation = (await document.Project.GetCompilationAsync())!;
        var diagnostics = (await compilation.WithAnalyzers(Snippets.Analyzers).GetAnalyzerDiagnosticsAsync())
            .Where(d => d.Id == id)
            .OrderBy(d => d.Location.SourceSpan.Start)
            .ToList();
        Assert.NotEmpty(diagnostics);
        var actions = new List<CodeAction>();
        var context = new CodeFixContext(document, diagnostics[0], (action, _) => actions.Add(action), CancellationToken.None);
        await provider.RegisterCodeFixesAsync(context);
        return (actions, diagnostics.Count);
    }
}
