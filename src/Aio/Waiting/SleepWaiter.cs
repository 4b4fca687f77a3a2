namespace Aio;

/// <summary>
/// The wait behind <see cref="Asyncio.Sleep(double, CancellationToken)"/>: a timer entry, or for a zero delay a
/// bare yield that resumes after exactly one loop iteration.
/// </summary>
internal sealed class SleepWaiter : Waiter, ITimerEntry
{
    private bool _yield;

    long ITimerEntry.TimerKey { get; set; } = -1;

    internal static ValueTask Start(AioContext context, double delaySeconds, CancellationToken token)
    {
        var loop = context.Loop;
        var w = loop.Pool<SleepWaiter>().Rent();
        w._yield = delaySeconds <= 0;
        if (w.Arm(context, token) && !w._yield)
        {
            loop.AddTimer(w, loop.NowTicks + loop.SecondsToTicks(delaySeconds));
        }

        return new ValueTask(w, w.Version);
    }

    void ITimerEntry.Fire() => Complete();

    internal override string Describe() => _yield ? "Sleep(0)" : "Sleep";

    private protected override void OnAwaited()
    {
        if (_yield)
        {
            Complete();
        }
    }

    private protected override void OnCancelled()
    {
        if (!_yield)
        {
            Loop.RemoveTimer(this);
        }
    }

    private protected override void Release(EventLoop loop) => loop.Pool<SleepWaiter>().Return(this);
}
