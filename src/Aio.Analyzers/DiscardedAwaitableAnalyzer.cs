using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Aio.Analyzers;

/// <summary>
/// AIO002: an awaitable (a Task, a ValueTask, an Aio Future or AioTask, anything with <c>GetAwaiter()</c>)
/// produced by a call and dropped on the floor: asyncio's "coroutine was never awaited". The compiler's CS4014
/// covers such calls only inside async methods; this rule covers the rest — non-async methods, plain lambdas,
/// expression-bodied lambdas converted to <c>Action</c>, and null-conditional calls — and stays silent where
/// CS4014 already speaks. <c>_ = SomethingAsync();</c> is the explicit fire-and-forget and is never reported.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DiscardedAwaitableAnalyzer : DiagnosticAnalyzer
{
    /// <summary>The rule's id.</summary>
    public const string DiagnosticId = "AIO002";

    internal static readonly DiagnosticDescriptor Rule = new(
        DiagnosticId,
        title: "Awaitable result discarded",
        messageFormat: "The awaitable returned by '{0}' is neither awaited nor kept; await it, hand it to a TaskGroup, or discard it explicitly with '_ = ...'",
        category: "Aio.Async",
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "A task or future that nobody awaits runs unsupervised: its failure is never seen, its "
            + "cancellation never propagates and nothing waits for it to finish. Await it, start it in a TaskGroup "
            + "(tg.CreateTask / tg.StartSoon), or, when fire-and-forget is really meant, say so with a discard: "
            + "'_ = SomethingAsync();' — the discard is never reported.");

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
            start.RegisterOperationAction(c => Analyze(c, types), OperationKind.ExpressionStatement);
        });
    }

    private static void Analyze(OperationAnalysisContext context, KnownTypes types)
    {
        var statement = (IExpressionStatementOperation)context.Operation;
        var expression = statement.Operation;
        var call = expression switch
        {
            IInvocationOperation i => i,
            IConditionalAccessOperation c => Innermost(c),
            _ => null,
        };
        var model = statement.SemanticModel!;
        if (call is null
            || !Awaitables.IsAwaitable(expression.Type, model, expression.Syntax.SpanStart)
            || IsGroupStart(call, types)
            || CompilerWarns(expression, call, model))
        {
            return;
        }

        var name = call.TargetMethod.ContainingType.Name + "." + call.TargetMethod.Name;
        context.ReportDiagnostic(Diagnostic.Create(Rule, expression.Syntax.GetLocation(), name));
    }

    private static IInvocationOperation? Innermost(IConditionalAccessOperation access) => access.WhenNotNull switch
    {
        IConditionalAccessOperation nested => Innermost(nested),
        IInvocationOperation invocation => invocation,
        _ => null,
    };

    // A TaskGroup owns what it starts: awaiting the group awaits the task, so the handle may be dropped.
    private static bool IsGroupStart(IInvocationOperation call, KnownTypes types) =>
        call.TargetMethod.Name == "CreateTask" && Awaitables.IsOrDerivesFrom(call.TargetMethod.ContainingType, types.TaskGroup);

    /// <summary>
    /// Where CS4014 ("this call is not awaited") already fires: a statement (written, or the body of an
    /// expression-bodied void lambda or method) that is a plain call, either of a method declared async in source,
    /// or made where <c>await</c> could be written.
    /// </summary>
    private static bool CompilerWarns(IOperation expression, IInvocationOperation call, SemanticModel model)
    {
        if (expression != call)
        {
            return false;
        }

        if (call.TargetMethod.IsAsync)
        {
            return true;
        }

        var function = model.GetEnclosingSymbol(expression.Syntax.SpanStart) as IMethodSymbol;
        return function is not null
            && (function.IsAsync || function.Name == AsyncCode.TopLevelEntryPoint)
            && !AsyncCode.ForbidsAwait(expression.Syntax);
    }
}
