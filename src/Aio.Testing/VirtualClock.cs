namespace Aio.Testing;

/// <summary>
/// A virtual clock for an Aio loop: a <see cref="TimeProvider"/> that only moves when told to or — with
/// <see cref="AutoJump"/> — when the loop has nothing to do, in which case it jumps straight to the next timer
/// (Trio's <c>MockClock(autojump_threshold=0)</c>, Kotlin's <c>runTest</c>). A test of a 30-second timeout
/// finishes in milliseconds, in the same order every run. It does not jump while work handed to other threads
/// (<see cref="Asyncio.ToThread{T}(Func{T})"/>) is still running. Code written against
/// <see cref="TimeProvider"/> (<c>Task.Delay(…, clock)</c>, <c>clock.CreateTimer</c>) follows it too.
/// asyncio's equivalent is the <c>TestLoop</c> of CPython's own test suite.
/// </summary>
public sealed class VirtualClock : TimeProvider, IVirtualTimeDriver
{
    private readonly DateTimeOffset _epoch;
    private long _ticks;
    private EventLoop? _loop;

    /// <summary>Creates a clock at zero; <paramref name="start"/> is what <see cref="GetUtcNow"/> reports then.</summary>
    public VirtualClock(bool autoJump = true, DateTimeOffset? start = null)
    {
        AutoJump = autoJump;
        _epoch = start ?? new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
    }

    /// <summary>Whether the loop jumps to the next timer when idle; when false, only <see cref="Advance"/> moves time.</summary>
    public bool AutoJump { get; set; }

    /// <summary>Virtual time elapsed since the clock was created.</summary>
    public TimeSpan Elapsed => TimeSpan.FromTicks(Interlocked.Read(ref _ticks));

    /// <summary>The loop running on this clock, once one was created with it.</summary>
    public EventLoop? Loop => _loop;

    /// <inheritdoc/>
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <inheritdoc/>
    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    /// <inheritdoc/>
    public override long GetTimestamp() => Interlocked.Read(ref _ticks);

    /// <inheritdoc/>
    public override DateTimeOffset GetUtcNow() => _epoch + Elapsed;

    /// <summary>
    /// Moves time forward by <paramref name="by"/>; timers that become due fire in the loop's next iteration,
    /// in deadline order (Trio's <c>MockClock.jump</c>).
    /// </summary>
    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        Interlocked.Add(ref _ticks, by.Ticks);
    }

    /// <summary>Creates a timer that fires in virtual time, on the loop's thread.</summary>
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var loop = _loop ?? throw new InvalidOperationException("Create an EventLoop on this clock before creating timers on it.");
        var timer = new VirtualTimer(loop, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    void IVirtualTimeDriver.Attach(EventLoop loop)
    {
        if (_loop is not null && _loop != loop)
        {
            throw new InvalidOperationException("A VirtualClock drives one loop; create a new clock for each loop.");
        }

        _loop = loop;
    }

    void IVirtualTimeDriver.JumpTo(long timestamp)
    {
        if (timestamp > Interlocked.Read(ref _ticks))
        {
            Interlocked.Exchange(ref _ticks, timestamp);
        }
    }
}
