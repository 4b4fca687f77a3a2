using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Aio.Analyzers;

/// <summary>
/// AIO001: a call that blocks the thread inside an async method or lambda. On an Aio loop every task shares one
/// thread, so a blocking call stops them all — asyncio's debug mode reports the same thing as a slow callback.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class BlockingCallAnalyzer : DiagnosticAnalyzer
{
    /// <summary>The rule's id.</summary>
    public const string DiagnosticId = "AIO001";

    /// <summary>Diagnostic property naming the mechanical fix, if there is one.</summary>
    internal const string FixKey = "Fix";

    /// <summary>Diagnostic property naming the async twin of a blocking I/O call.</summary>
    internal const string TwinKey = "Twin";

    internal const string FixSleep = "Sleep";
    internal const string FixWait = "Wait";
    internal const string FixWaitAll = "WaitAll";
    internal const string FixResult = "Result";
    internal const string FixGetResult = "GetResult";
    internal const string FixTwin = "Twin";

    // Not a fix: marks Monitor.Enter, which is only reported when an await follows before Monitor.Exit.
    private const string HeldLock = "Monitor";

    internal static readonly DiagnosticDescriptor Rule = new(
        DiagnosticId,
        title: "Blocking call inside async code",
        messageFormat: "'{0}' blocks the loop thread inside async code; {1}",
        category: "Aio.Async",
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "An Aio loop runs every task on one thread: a call that blocks it stops every task, timer and "
            + "I/O callback until it returns. Await the async alternative instead (Asyncio.Sleep for Thread.Sleep, "
            + "'await task' for Wait/Result/GetAwaiter().GetResult(), the ...Async twin of a file, stream, socket, "
            + "process or HttpClient call), or move the blocking work off the loop with "
            + "'await Asyncio.ToThread(() => ...)'. A Monitor lock held across an await excludes nothing on the "
            + "loop (all tasks run on the one thread and Monitor is re-entrant): use a lock you await to acquire.");

    private static readonly string[] CompletionMembers = { "IsCompleted", "IsCompletedSuccessfully", "IsFaulted", "IsCanceled", "Status" };

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
            start.RegisterOperationAction(c => AnalyzeInvocation(c, types), OperationKind.Invocation);
            start.RegisterOperationAction(c => AnalyzeProperty(c, types), OperationKind.PropertyReference);
        });
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, KnownTypes types)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        var blocking = Classify(invocation, method, types);
        if (blocking is null || !AsyncCode.IsInAsyncFunction(invocation.SemanticModel!, invocation.Syntax))
        {
            return;
        }

        var (name, advice, fix, twin) = blocking.Value;
        if (fix == HeldLock && !HeldAcrossAwait(invocation, types))
        {
            return;
        }

        if (fix is FixWait or FixGetResult && Observed(ReceiverTask(invocation), invocation.Syntax))
        {
            return;
        }

        var properties = ImmutableDictionary<string, string?>.Empty;
        if (fix is not null and not HeldLock)
        {
            properties = properties.Add(FixKey, fix);
        }

        if (twin is not null)
        {
            properties = properties.Add(TwinKey, twin);
        }

        context.ReportDiagnostic(Diagnostic.Create(Rule, invocation.Syntax.GetLocation(), properties, name, advice));
    }

    private static void AnalyzeProperty(OperationAnalysisContext context, KnownTypes types)
    {
        var property = (IPropertyReferenceOperation)context.Operation;
        if (property.Property.Name != "Result" || property.Instance is null
            || !(KnownTypes.Is(property.Property.ContainingType, types.TaskOfT) || KnownTypes.Is(property.Property.ContainingType, types.ValueTaskOfT))
            || !AsyncCode.IsInAsyncFunction(property.SemanticModel!, property.Syntax)
            || Observed(property.Instance, property.Syntax))
        {
            return;
        }

        var properties = ImmutableDictionary<string, string?>.Empty.Add(FixKey, FixResult);
        var name = property.Property.ContainingType.Name + ".Result";
        context.ReportDiagnostic(Diagnostic.Create(Rule, property.Syntax.GetLocation(), properties, name, "await the task instead"));
    }

    private static (string Name, string Advice, string? Fix, string? Twin)? Classify(IInvocationOperation invocation, IMethodSymbol method, KnownTypes types)
    {
        var type = method.ContainingType;
        if (KnownTypes.Is(type, types.Thread) && method.Name == "Sleep")
        {
            return ("Thread.Sleep", "use 'await Asyncio.Sleep(...)' instead", FixSleep, null);
        }

        if (KnownTypes.Is(type, types.Task))
        {
            return method.Name switch
            {
                "Wait" when !method.IsStatic => ("Task.Wait", "await the task instead", method.Parameters.Length == 0 ? FixWait : null, null),
                "WaitAll" => ("Task.WaitAll", "use 'await Task.WhenAll(...)' instead", method.Parameters.Length == 1 ? FixWaitAll : null, null),
                "WaitAny" => ("Task.WaitAny", "use 'await Task.WhenAny(...)' instead", null, null),
                _ => null,
            };
        }

        if (method.Name == "GetResult" && method.Parameters.Length == 0
            && invocation.Instance is IInvocationOperation { TargetMethod.Name: "GetAwaiter", Instance: { } awaited }
            && Awaitables.IsAwaitable(awaited.Type, invocation.SemanticModel!, invocation.Syntax.SpanStart))
        {
            return ("GetAwaiter().GetResult()", "await the task instead", FixGetResult, null);
        }

        if (KnownTypes.Is(type, types.Monitor) && method.Name is "Enter" or "TryEnter")
        {
            return ("Monitor." + method.Name, "the lock is held across an await, so it excludes nothing on the loop thread; use a lock you await to acquire", HeldLock, null);
        }

        return ClassifyIo(invocation, method, types);
    }

    private static (string Name, string Advice, string? Fix, string? Twin)? ClassifyIo(IInvocationOperation invocation, IMethodSymbol method, KnownTypes types)
    {
        if (method.Name.EndsWith("Async", System.StringComparison.Ordinal) || method.Name == "Dispose" || method.MethodKind != MethodKind.Ordinary)
        {
            return null;
        }

        var receiver = method.IsStatic ? method.ContainingType : invocation.Instance?.Type;
        if (receiver is null
            || !types.BlockingIo.Any(t => Awaitables.IsOrDerivesFrom(receiver, t))
            || types.InMemory.Any(t => Awaitables.IsOrDerivesFrom(receiver, t))
            || IsConsoleOutput(invocation.Instance, types))
        {
            return null;
        }

        var twin = method.Name + "Async";
        var hasTwin = invocation.SemanticModel!.LookupSymbols(invocation.Syntax.SpanStart, receiver, twin)
            .OfType<IMethodSymbol>().Any(m => m.IsStatic == method.IsStatic);
        if (!hasTwin)
        {
            return null;
        }

        var name = method.ContainingType.Name + "." + method.Name;
        return (name, $"use 'await {twin}(...)' instead, or run it with 'await Asyncio.ToThread(...)'", FixTwin, twin);
    }

    // Console.Out and Console.Error are terminal writers: flagging every log line would bury the real findings.
    private static bool IsConsoleOutput(IOperation? instance, KnownTypes types) =>
        instance is IPropertyReferenceOperation { Property: { Name: "Out" or "Error" } p } && KnownTypes.Is(p.ContainingType, types.Console);

    private static IOperation? ReceiverTask(IInvocationOperation invocation) =>
        invocation.Instance is IInvocationOperation { TargetMethod.Name: "GetAwaiter" } getAwaiter ? getAwaiter.Instance : invocation.Instance;

    /// <summary>
    /// Whether the task read at <paramref name="at"/> was already awaited (e.g. by an earlier
    /// <c>await Task.WhenAll(a, b)</c>) or checked for completion: then reading its result does not wait.
    /// </summary>
    private static bool Observed(IOperation? receiver, SyntaxNode at)
    {
        ISymbol? symbol = receiver switch
        {
            ILocalReferenceOperation l => l.Local,
            IParameterReferenceOperation p => p.Parameter,
            IFieldReferenceOperation f => f.Field,
            IPropertyReferenceOperation { Instance: null or IInstanceReferenceOperation } pr => pr.Property,
            _ => null,
        };
        var function = symbol is null ? null : AsyncCode.FunctionOf(at);
        if (symbol is null || function is null)
        {
            return false;
        }

        // 'work is Task<int> typed' after 'await work': the pattern variable is the awaited task under another name.
        var names = new[] { symbol.Name, PatternSource(symbol) }.Where(n => n is not null).ToArray();
        bool Names(SyntaxNode node) => node.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>().Any(i => names.Contains(i.Identifier.ValueText));

        return AsyncCode.AwaitsIn(function).Any(a => a.Span.End <= at.SpanStart && Names(a))
            || function.DescendantNodes().OfType<MemberAccessExpressionSyntax>().Any(m =>
                m.Span.End <= at.SpanStart && CompletionMembers.Contains(m.Name.Identifier.ValueText) && Names(m.Expression));
    }

    private static string? PatternSource(ISymbol symbol) =>
        symbol is ILocalSymbol
        && symbol.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() is SingleVariableDesignationSyntax designation
        && designation.FirstAncestorOrSelf<IsPatternExpressionSyntax>() is { Expression: IdentifierNameSyntax source }
            ? source.Identifier.ValueText
            : null;

    private static bool HeldAcrossAwait(IInvocationOperation enter, KnownTypes types)
    {
        var function = AsyncCode.FunctionOf(enter.Syntax);
        if (function is null || enter.Arguments.Length == 0)
        {
            return false;
        }

        var gate = enter.Arguments.First(a => a.Parameter?.Ordinal == 0).Value.Syntax;
        var model = enter.SemanticModel!;
        var exit = function.DescendantNodes().OfType<InvocationExpressionSyntax>()
            .Where(i => i.SpanStart > enter.Syntax.Span.End
                && i.ArgumentList.Arguments.Count == 1
                && SyntaxFactory.AreEquivalent(i.ArgumentList.Arguments[0].Expression, gate)
                && model.GetSymbolInfo(i).Symbol is IMethodSymbol { Name: "Exit" } m
                && KnownTypes.Is(m.ContainingType, types.Monitor))
            .Select(i => (int?)i.SpanStart)
            .FirstOrDefault() ?? int.MaxValue;
        return AsyncCode.AwaitsIn(function).Any(a => a.SpanStart > enter.Syntax.Span.End && a.SpanStart < exit);
    }
}
