using Microsoft.Extensions.Logging;

namespace Aio;

/// <summary>
/// An event loop that owns one thread: asyncio's <c>AbstractEventLoop</c> / <c>asyncio.EventLoop</c>.
/// Callbacks run FIFO in the order scheduled; timers fire in deadline order (equal deadlines in scheduling
/// order); each iteration runs exactly the callbacks that were ready when it began.
/// </summary>
/// <remarks>
/// Only <see cref="CallSoonThreadsafe(Action)"/>, <see cref="Stop"/> and the members documented as thread-safe
/// may be called from other threads while the loop runs; every other member checks its thread and throws
/// <see cref="InvalidOperationException"/> naming the right way to do it.
/// </remarks>
public sealed partial class EventLoop : IDisposable
{
    [ThreadStatic]
    private static EventLoop? t_running;

    private readonly ReadyQueue _ready = new();
    private readonly TimerQueue _timers = new();
    private readonly IncomingQueue _incoming = new();
    private readonly TimeProvider _clock;
    private readonly double _secondsPerTick;
    private readonly double _ticksPerSecond;
    private readonly LoopTaskScheduler _scheduler;
    private int _threadId = -1;
    private bool _running;
    private volatile bool _stopping;
    private bool _closed;
    private readonly IVirtualTimeDriver? _virtualTime;

    /// <summary>Creates a loop on the system clock: asyncio's <c>new_event_loop()</c>.</summary>
    public EventLoop()
        : this(null)
    {
    }

    /// <summary>Creates a loop whose <see cref="Time"/> comes from <paramref name="timeProvider"/>.</summary>
    public EventLoop(TimeProvider? timeProvider)
    {
        _clock = timeProvider ?? TimeProvider.System;
        _ticksPerSecond = _clock.TimestampFrequency;
        _secondsPerTick = 1.0 / _ticksPerSecond;
        BaseContext = new AioContext(this, null, null);
        _scheduler = new LoopTaskScheduler(this);
        Debug = DebugFromEnvironment();
        _virtualTime = _clock as IVirtualTimeDriver;
        _virtualTime?.Attach(this);
    }

    internal AioContext BaseContext { get; }

    /// <summary>The loop running on the calling thread, or null: a non-throwing <c>get_running_loop()</c>.</summary>
    public static EventLoop? Current => t_running;

    /// <summary>The clock the loop reads <see cref="Time"/> from.</summary>
    public TimeProvider TimeProvider => _clock;

    /// <summary>
    /// A synchronization context that posts to this loop; <c>await</c>s made under it resume on the loop thread.
    /// Thread-safe.
    /// </summary>
    public SynchronizationContext SynchronizationContext => BaseContext;

    /// <summary>A task scheduler that runs .NET tasks on this loop's thread. Thread-safe.</summary>
    public TaskScheduler TaskScheduler => _scheduler;

    /// <summary>Whether the loop is running: asyncio's <c>is_running()</c>.</summary>
    public bool IsRunning => _running;

    /// <summary>Whether <see cref="Close"/> was called: asyncio's <c>is_closed()</c>.</summary>
    public bool IsClosed => _closed;

    /// <summary>Debug mode: slow callbacks are reported (asyncio's <c>get_debug()</c>/<c>set_debug()</c>).</summary>
    public bool Debug { get; set; }

    /// <summary>In debug mode, a callback or task step longer than this is reported (default 100 ms).</summary>
    public TimeSpan SlowCallbackDuration { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Where the default exception handler and debug reports write; null writes to standard error.</summary>
    public ILogger? Logger { get; set; }

    internal bool IsOnLoopThread => _threadId == Environment.CurrentManagedThreadId;

    internal long NowTicks => _clock.GetTimestamp();

    /// <summary>
    /// Returns the loop running on the calling thread: asyncio's <c>get_running_loop()</c>.
    /// </summary>
    /// <exception cref="InvalidOperationException">No loop runs on this thread.</exception>
    public static EventLoop GetRunningLoop() =>
        t_running ?? throw new InvalidOperationException("no running event loop");

    /// <summary>The loop's monotonic clock in seconds, arbitrary epoch: asyncio's <c>loop.time()</c>.</summary>
    public double Time() => _clock.GetTimestamp() * _secondsPerTick;

    internal long SecondsToTicks(double seconds)
    {
        var ticks = seconds * _ticksPerSecond;
        return ticks >= long.MaxValue / 4 ? long.MaxValue / 4 : ticks <= long.MinValue / 4 ? long.MinValue / 4 : (long)ticks;
    }

    internal double TicksToSeconds(long ticks) => ticks * _secondsPerTick;

    /// <summary>Closes the loop (same as <see cref="Close"/>).</summary>
    public void Dispose() => Close();

    private static bool DebugFromEnvironment()
    {
        var v = Environment.GetEnvironmentVariable("AIO_DEBUG");
        return !string.IsNullOrEmpty(v) && v != "0";
    }

    internal void CheckThread()
    {
        if (_threadId != -1 && _threadId != Environment.CurrentManagedThreadId)
        {
            throw WrongThread();
        }
    }

    internal InvalidOperationException WrongThread() => new(
        $"Non-thread-safe operation invoked on an event loop other than the current one: the loop runs on thread " +
        $"{_threadId}, this call came from thread {Environment.CurrentManagedThreadId}. From other threads use " +
        "EventLoop.CallSoonThreadsafe or Asyncio.RunCoroutineThreadsafe.");

    internal void CheckNotClosed()
    {
        if (_closed)
        {
            throw new InvalidOperationException("AsyncEvent loop is closed");
        }
    }

    /// <summary>Describes the loop's state.</summary>
    public override string ToString() =>
        $"<EventLoop running={_running} closed={_closed} debug={Debug}>";
}
