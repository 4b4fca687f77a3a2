using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

namespace Aio.Analyzers;

/// <summary>
/// AIO003: <c>ConfigureAwait(false)</c> (or <c>ConfigureAwaitOptions</c> without <c>ContinueOnCapturedContext</c>)
/// in a project that references Aio. Aio tasks resume on the loop because every await captures the loop's
/// synchronization context; <c>ConfigureAwait(false)</c> drops it, so the code after the await runs on a
/// thread-pool thread, outside its task and cancel scope, and the next Aio call fails or races the loop. The rule
/// applies to every file of a project that references the Aio assembly (not to Aio itself), because whether a
/// method runs on the loop cannot be seen from its body; library code that never runs on a loop can opt out per
/// folder or file with <c>.editorconfig</c>.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ConfigureAwaitFalseAnalyzer : DiagnosticAnalyzer
{
    /// <summary>The rule's id.</summary>
    public const string DiagnosticId = "AIO003";

    internal static readonly DiagnosticDescriptor Rule = new(
        DiagnosticId,
        title: "ConfigureAwait(false) leaves the Aio loop",
        messageFormat: "'{0}' resumes off the Aio loop thread, outside the current task and cancel scope; remove it",
        category: "Aio.Async",
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Aio runs a task's continuations on the loop thread by capturing the loop's "
            + "SynchronizationContext at each await. ConfigureAwait(false) discards it: the rest of the method runs "
            + "on the thread pool, where Aio calls throw or race the loop. Remove ConfigureAwait(false) (plain "
            + "'await' is right on an Aio loop). Code in a loop-free helper library may suppress the rule for its "
            + "folder in .editorconfig.");

    private const int ContinueOnCapturedContext = 1;

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var eventLoop = start.Compilation.GetTypeByMetadataName("Aio.EventLoop");
            if (eventLoop is null || SymbolEqualityComparer.Default.Equals(eventLoop.ContainingAssembly, start.Compilation.Assembly))
            {
                return;
            }

            var types = new KnownTypes(start.Compilation);
            start.RegisterOperationAction(c => Analyze(c, types), OperationKind.Invocation);
        });
    }

    private static void Analyze(OperationAnalysisContext context, KnownTypes types)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;

        // An extension (IAsyncEnumerable's, IAsyncDisposable's) receives its target as a first argument.
        var flags = method.IsExtensionMethod ? 1 : 0;
        if (method.Name != "ConfigureAwait" || invocation.Arguments.Length != flags + 1
            || !LeavesContext(invocation.Arguments[flags].Value, types)
            || invocation.Syntax is not InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } syntax)
        {
            return;
        }

        var span = TextSpan.FromBounds(access.Name.SpanStart, syntax.Span.End);
        var location = Location.Create(syntax.SyntaxTree, span);
        context.ReportDiagnostic(Diagnostic.Create(Rule, location, syntax.SyntaxTree.GetText().ToString(span)));
    }

    private static bool LeavesContext(IOperation argument, KnownTypes types)
    {
        var constant = argument.ConstantValue;
        if (!constant.HasValue)
        {
            return false;
        }

        if (constant.Value is bool continueOnCapturedContext)
        {
            return !continueOnCapturedContext;
        }

        var type = argument is IConversionOperation { IsImplicit: true } conversion ? conversion.Operand.Type : argument.Type;
        return KnownTypes.Is(type, types.ConfigureAwaitOptions)
            && constant.Value is int options
            && (options & ContinueOnCapturedContext) == 0;
    }
}
