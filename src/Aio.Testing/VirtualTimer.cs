namespace Aio.Testing;

/// <summary>A <see cref="ITimer"/> of <see cref="VirtualClock"/>: an entry in the loop's timer heap.</summary>
internal sealed class VirtualTimer : ITimer, ITimerEntry
{
    private static readonly Action<object?> s_run = static s => ((VirtualTimer)s!).Run();

    private readonly EventLoop _loop;
    private readonly TimerCallback _callback;
    private readonly object? _state;
    private TimeSpan _period = System.Threading.Timeout.InfiniteTimeSpan;
    private bool _armed;
    private bool _disposed;

    internal VirtualTimer(EventLoop loop, TimerCallback callback, object? state)
    {
        _loop = loop;
        _callback = callback;
        _state = state;
    }

    long ITimerEntry.TimerKey { get; set; } = -1;

    public bool Change(TimeSpan dueTime, TimeSpan period)
    {
        if (_disposed)
        {
            return false;
        }

        OnLoop(() =>
        {
            Disarm();
            _period = period;
            if (dueTime != System.Threading.Timeout.InfiniteTimeSpan)
            {
                Arm(dueTime);
            }
        });
        return true;
    }

    public void Dispose()
    {
        _disposed = true;
        OnLoop(Disarm);
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    void ITimerEntry.Fire()
    {
        _armed = false;
        _loop.EnqueueReady(s_run, this, null);
    }

    private void Run()
    {
        if (_disposed)
        {
            return;
        }

        if (_period != System.Threading.Timeout.InfiniteTimeSpan && _period > TimeSpan.Zero && !_armed)
        {
            Arm(_period);
        }

        _callback(_state);
    }

    private void Arm(TimeSpan due)
    {
        var ticks = _loop.NowTicks + _loop.SecondsToTicks(Math.Max(0, due.TotalSeconds));
        _loop.AddTimer(this, ticks);
        _armed = true;
    }

    private void Disarm()
    {
        if (_armed)
        {
            _armed = false;
            _loop.RemoveTimer(this);
        }
    }

    private void OnLoop(Action action)
    {
        if (!_loop.IsRunning || _loop.IsOnLoopThread)
        {
            action();
        }
        else
        {
            _loop.PostFromAnyThread(action, null, _loop.BaseContext);
        }
    }
}
