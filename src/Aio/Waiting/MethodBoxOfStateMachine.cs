using System.Runtime.CompilerServices;

namespace Aio;

/// <summary>A <see cref="MethodBox{TResult}"/> holding the suspended method's state machine.</summary>
internal sealed class MethodBox<TStateMachine, TResult> : MethodBox<TResult>, IFlowStep
    where TStateMachine : IAsyncStateMachine
{
    private TStateMachine StateMachine = default!;
    private ExecutionContext? _flow;
    private Action? _moveNext;

    /// <summary>
    /// Readies the box for <paramref name="stateMachine"/>'s next await and returns what resumes it. The first
    /// await of a run rents a box from the current loop's pool, records it in the builder and then copies the
    /// state machine in (builder included), so that both copies know their box.
    /// </summary>
    internal static Action Suspend(ref MethodBox<TResult>? slot, ref TStateMachine stateMachine)
    {
        if (slot is not MethodBox<TStateMachine, TResult> box)
        {
            var context = SynchronizationContext.Current;
            var loop = context is AioContext aio && aio.Loop.IsOnLoopThread ? aio.Loop : null;
            box = loop is null ? new() : loop.Pool<MethodBox<TStateMachine, TResult>>().Rent();
            box.Start(loop, context);
            slot = box;
            box.StateMachine = stateMachine;
        }

        box._flow = ExecutionContext.Capture();
        return box._moveNext ??= box.MoveNext;
    }

    private protected override void Release()
    {
        StateMachine = default!;
        _flow = null;
        if (Owner is { IsOnLoopThread: true } loop)
        {
            loop.Pool<MethodBox<TStateMachine, TResult>>().Return(this);
        }
    }

    void IFlowStep.RunStep() => StateMachine.MoveNext();

    private void MoveNext()
    {
        ExecutionFlow.Run(_flow, this);
        AfterStep();
    }
}
