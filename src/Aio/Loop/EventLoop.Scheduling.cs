namespace Aio;

public sealed partial class EventLoop
{
    /// <summary>
    /// Schedules <paramref name="callback"/> to run in a later iteration, after everything scheduled before it:
    /// asyncio's <c>loop.call_soon()</c>. Loop thread only.
    /// </summary>
    public Handle CallSoon(Action callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        CheckNotClosed();
        CheckThread();
        var h = new Handle(this, callback, null);
        _ready.Enqueue(h, null, CurrentOrBaseContext());
        return h;
    }

    /// <summary>Schedules <paramref name="callback"/>(<paramref name="state"/>) like <see cref="CallSoon(Action)"/>.</summary>
    public Handle CallSoon(Action<object?> callback, object? state)
    {
        ArgumentNullException.ThrowIfNull(callback);
        CheckNotClosed();
        CheckThread();
        var h = new Handle(this, callback, state);
        _ready.Enqueue(h, null, CurrentOrBaseContext());
        return h;
    }

    /// <summary>
    /// Schedules <paramref name="callback"/> from any thread and wakes an idle loop at once:
    /// asyncio's <c>loop.call_soon_threadsafe()</c>. Thread-safe.
    /// </summary>
    public Handle CallSoonThreadsafe(Action callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        CheckNotClosed();
        var h = new Handle(this, callback, null);
        PostFromAnyThread(h, null, BaseContext);
        return h;
    }

    /// <summary>
    /// Schedules <paramref name="callback"/> to run <paramref name="delaySeconds"/> from now (zero or negative:
    /// the next iteration, still ordered by deadline): asyncio's <c>loop.call_later()</c>. Loop thread only.
    /// </summary>
    public TimerHandle CallLater(double delaySeconds, Action callback) => CallAt(Time() + CheckDelay(delaySeconds), callback);

    /// <summary>Schedules <paramref name="callback"/> after <paramref name="delay"/>; see <see cref="CallLater(double, Action)"/>.</summary>
    public TimerHandle CallLater(TimeSpan delay, Action callback) => CallLater(delay.TotalSeconds, callback);

    /// <summary>
    /// Schedules <paramref name="callback"/> at loop time <paramref name="when"/> (see <see cref="Time"/>):
    /// asyncio's <c>loop.call_at()</c>. Loop thread only.
    /// </summary>
    public TimerHandle CallAt(double when, Action callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        if (double.IsNaN(when))
        {
            throw new ArgumentException("when must be a number, not NaN", nameof(when));
        }

        CheckNotClosed();
        CheckThread();
        var h = new TimerHandle(this, callback, null, when);
        _timers.Add(h, SecondsToTicks(when));
        return h;
    }

    private static double CheckDelay(double delay) =>
        double.IsNaN(delay) ? throw new ArgumentException("delay must be a number, not NaN", nameof(delay)) : delay;

    internal AioContext CurrentOrBaseContext() =>
        SynchronizationContext.Current is AioContext c && c.Loop == this ? c : BaseContext;

    /// <summary>Internal scheduling on the loop thread: no handle, no allocation.</summary>
    internal void EnqueueReady(object callback, object? state, AioContext? context) =>
        _ready.Enqueue(callback, state, context);

    /// <summary>Schedules from any thread; never throws (a post to a closed loop is reported and dropped).</summary>
    internal void PostFromAnyThread(object callback, object? state, AioContext? context)
    {
        if (_closed)
        {
            ReportLatePost(callback);
            return;
        }

        if (IsOnLoopThread)
        {
            _ready.Enqueue(callback, state, context);
        }
        else
        {
            _incoming.Post(callback, state, context);
        }
    }

    internal void AddTimer(ITimerEntry entry, long whenTicks) => _timers.Add(entry, whenTicks);

    /// <summary>Unschedules a timer (lazily, see <see cref="TimerQueue"/>), from any thread.</summary>
    internal void RemoveTimer(ITimerEntry entry)
    {
        if (_threadId == -1 || IsOnLoopThread)
        {
            _timers.Remove(entry);
        }
        else
        {
            PostFromAnyThread(new Action(() => _timers.Remove(entry)), null, BaseContext);
        }
    }

    private void ReportLatePost(object callback) =>
        Report($"A continuation was posted to a closed event loop and dropped: {callback}");
}
