using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Aio.Analyzers.Tests.Support;

/// <summary>Compiles a C# snippet against the running framework (and Aio), and runs the Aio rules on it.</summary>
internal static class Snippets
{
    internal static readonly ImmutableArray<DiagnosticAnalyzer> Analyzers = ImmutableArray.Create<DiagnosticAnalyzer>(
        new BlockingCallAnalyzer(),
        new DiscardedAwaitableAnalyzer(),
        new ConfigureAwaitFalseAnalyzer(),
        new SwallowedCancellationAnalyzer());

    internal static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    private static readonly Lazy<ImmutableArray<MetadataReference>> FrameworkReferences = new(() =>
    {
        var frameworkDir = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => Path.GetDirectoryName(p) == frameworkDir);
        return paths.Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToImmutableArray();
    });

    private static readonly Lazy<ImmutableArray<MetadataReference>> AioReferences = new(() => ImmutableArray.Create<MetadataReference>(
        MetadataReference.CreateFromFile(typeof(Asyncio).Assembly.Location),
        MetadataReference.CreateFromFile(Path.Combine(AppContext.BaseDirectory, "Microsoft.Extensions.Logging.Abstractions.dll"))));

    /// <summary>The usings every snippet gets, in a file of their own so snippet line numbers start at 1.</summary>
    internal static string GlobalUsings(bool withAio) =>
        """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;
        """ + (withAio ? "\nglobal using Aio;\n" : "\n");

    internal static ImmutableArray<MetadataReference> References(bool withAio) =>
        withAio ? FrameworkReferences.Value.AddRange(AioReferences.Value) : FrameworkReferences.Value;

    internal static CSharpCompilationOptions Options(bool program) =>
        new CSharpCompilationOptions(program ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary)
            .WithNullableContextOptions(NullableContextOptions.Enable);

    internal static CSharpCompilation Compile(string source, bool withAio = true, bool program = false)
    {
        var trees = new[]
        {
            CSharpSyntaxTree.ParseText(GlobalUsings(withAio), ParseOptions, path: "GlobalUsings.cs"),
            CSharpSyntaxTree.ParseText(source, ParseOptions, path: "Snippet.cs"),
        };
        var compilation = CSharpCompilation.Create("Snippet", trees, References(withAio), Options(program));
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, "The snippet does not compile:\n" + string.Join("\n", errors));
        return compilation;
    }

    /// <summary>The rules' findings as "ID line:column" (1-based, like the compiler prints them), in source order.</summary>
    internal static async Task<string[]> FindingsAsync(string source, bool withAio = true, bool program = false)
    {
        var compilation = Compile(source, withAio, program);
        var diagnostics = await compilation.WithAnalyzers(Analyzers).GetAnalyzerDiagnosticsAsync();
        return Describe(diagnostics);
    }

    /// <summary>The compiler's own warnings with the given id, described like <see cref="FindingsAsync"/>.</summary>
    internal static string[] CompilerWarnings(string source, string id, bool program = false) =>
        Describe(Compile(source, program: program).GetDiagnostics().Where(d => d.Id == id));

    private static string[] Describe(IEnumerable<Diagnostic> diagnostics) =>
        diagnostics
            .OrderBy(d => d.Location.SourceSpan.Start)
            .Select(d =>
            {
                var position = d.Location.GetLineSpan().StartLinePosition;
                return $"{d.Id} {position.Line + 1}:{position.Character + 1}";
            })
            .ToArray();
}
