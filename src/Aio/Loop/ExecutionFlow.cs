using System.Runtime.CompilerServices;

namespace Aio;

/// <summary>A step of code that must run in a given <see cref="ExecutionContext"/> (async-locals): a task's first step, a method box's.</summary>
internal interface IFlowStep
{
    /// <summary>Runs the step in whatever context is current.</summary>
    void RunStep();
}

/// <summary>Runs steps in their captured <see cref="ExecutionContext"/> without a switch when the loop thread is already in it.</summary>
internal static class ExecutionFlow
{
    /// <summary>
    /// Runs <paramref name="step"/> in <paramref name="flow"/> (or in the current context when null). Usually the
    /// loop thread already runs in that context: then the switch is skipped and only what the step itself changed is
    /// undone (an async method's builder has already undone its own).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Run<TStep>(ExecutionContext? flow, TStep step)
        where TStep : class, IFlowStep
    {
        if (flow is null)
        {
            step.RunStep();
        }
        else if (ReferenceEquals(flow, ExecutionContext.Capture()))
        {
            step.RunStep();
            if (!ReferenceEquals(ExecutionContext.Capture(), flow))
            {
                ExecutionContext.Restore(flow);
            }
        }
        else
        {
            ExecutionContext.Run(flow, Callback<TStep>.RunStep, step);
        }
    }

    private static class Callback<TStep>
        where TStep : class, IFlowStep
    {
        internal static readonly ContextCallback RunStep = static s => ((TStep)s!).RunStep();
    }
}
