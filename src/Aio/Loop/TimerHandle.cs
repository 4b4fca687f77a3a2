namespace Aio;

/// <summary>
/// A callback scheduled for a point in loop time by <see cref="EventLoop.CallLater(double, Action)"/> or
/// <see cref="EventLoop.CallAt(double, Action)"/>: asyncio's <c>TimerHandle</c>.
/// </summary>
public sealed class TimerHandle : Handle, ITimerEntry
{
    internal TimerHandle(EventLoop loop, Delegate callback, object? state, double when)
        : base(loop, callback, state)
    {
        When = when;
    }

    /// <summary>The loop time at which the callback is due: asyncio's <c>TimerHandle.when()</c>.</summary>
    public double When { get; }

    long ITimerEntry.TimerKey { get; set; } = -1;

    /// <summary>Cancels the timer: its callback will not run, and the loop unschedules it (asyncio's <c>cancel()</c>).</summary>
    public override void Cancel()
    {
        if (Cancelled)
        {
            return;
        }

        base.Cancel();
        Loop.RemoveTimer(this);
    }

    void ITimerEntry.Fire() => Loop.EnqueueReady(this, null, null);
}
