using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Aio;

public sealed partial class EventLoop
{
    private const int MaxParkMs = 24 * 3600 * 1000;

    /// <summary>
    /// Runs until <see cref="Stop"/> is called: asyncio's <c>loop.run_forever()</c>. A <see cref="Stop"/> made
    /// before this call makes it run exactly one iteration.
    /// </summary>
    /// <exception cref="InvalidOperationException">The loop is closed or already running, or another loop runs on this thread.</exception>
    public void RunForever()
    {
        CheckNotClosed();
        if (_running)
        {
            throw new InvalidOperationException("This event loop is already running");
        }

        if (t_running is not null)
        {
            throw new InvalidOperationException("Cannot run the event loop while another loop is running");
        }

        var previousContext = SynchronizationContext.Current;
        _running = true;
        _threadId = Environment.CurrentManagedThreadId;
        t_running = this;
        try
        {
            while (true)
            {
                RunOnce();
                if (_stopping)
                {
                    break;
                }
            }
        }
        finally
        {
            _stopping = false;
            _running = false;
            _threadId = -1;
            t_running = null;
            SynchronizationContext.SetSynchronizationContext(previousContext);
        }
    }

    /// <summary>
    /// Asks the loop to stop after the current iteration (callbacks already ready still run):
    /// asyncio's <c>loop.stop()</c>. Thread-safe.
    /// </summary>
    public void Stop()
    {
        _stopping = true;
        if (!IsOnLoopThread)
        {
            _incoming.Wake();
        }
    }

    /// <summary>
    /// Closes the loop: drops every pending callback and timer and shuts the default executor down without
    /// waiting: asyncio's <c>loop.close()</c>. Idempotent; afterwards scheduling raises.
    /// </summary>
    /// <exception cref="InvalidOperationException">The loop is running.</exception>
    public void Close()
    {
        if (_running)
        {
            throw new InvalidOperationException("Cannot close a running event loop");
        }

        if (_closed)
        {
            return;
        }

        if (Debug && _taskCount > 0)
        {
            Report($"Task was destroyed but it is pending! The loop closed with {_taskCount} task(s) still pending:\n{TaskTree.Format(this)}");
        }

        if (Debug)
        {
            ReportOpenResources();
        }

        _closed = true;
        RemoveAllSignalHandlers();
        _ready.Clear();
        _timers.Clear();
        _incoming.Clear();
        ClosePoller();
        var executor = _defaultExecutor;
        _defaultExecutor = null;
        executor?.Shutdown(wait: false);
    }

    /// <summary>
    /// Runs the loop until <paramref name="future"/> is done and returns its result or rethrows its exception
    /// with the original stack: asyncio's <c>loop.run_until_complete()</c>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The loop stopped before the future completed, or is running or closed.</exception>
    public T RunUntilComplete<T>(Future<T> future)
    {
        RunUntilDone(future);
        return future.Result;
    }

    /// <summary>Runs <paramref name="main"/> as a task until it completes and returns its result.</summary>
    public T RunUntilComplete<T>(Func<Task<T>> main)
    {
        ArgumentNullException.ThrowIfNull(main);
        CheckNotClosed();
        var task = CreateTask(main);
        RunUntilDone(task);
        return task.Result;
    }

    /// <summary>Runs <paramref name="main"/> as a task until it completes, rethrowing its exception.</summary>
    public void RunUntilComplete(Func<Task> main)
    {
        ArgumentNullException.ThrowIfNull(main);
        CheckNotClosed();
        var task = CreateTask(main);
        RunUntilDone(task);
        task.ThrowIfFailed();
    }

    /// <summary>Runs the loop until <paramref name="future"/> is done, rethrowing its exception.</summary>
    public void RunUntilComplete(Future future)
    {
        RunUntilDone(future);
        future.ThrowIfFailed();
    }

    private void RunUntilDone(Future future)
    {
        ArgumentNullException.ThrowIfNull(future);
        CheckNotClosed();
        if (_running)
        {
            throw new InvalidOperationException("This event loop is already running");
        }

        if (future.Loop != this)
        {
            throw new ArgumentException("The future belongs to a different loop than this one", nameof(future));
        }

        var stopper = new StopOnDone(this);
        future.AddSink(stopper);
        try
        {
            RunForever();
        }
        finally
        {
            future.RemoveSink(stopper);
        }

        if (!future.Done)
        {
            throw new InvalidOperationException("AsyncEvent loop stopped before Future completed.");
        }
    }

    // Called once per iteration, so tiered compilation would leave it in unoptimized code (then patched on the
    // stack) for the first hundreds of thousands of callbacks: compiled optimized at its first call instead.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void RunOnce()
    {
        int timeout;
        if (_ready.Count > 0 || _stopping)
        {
            timeout = 0;
        }
        else if (_timers.Count > 0)
        {
            var delta = _timers.PeekWhen - NowTicks;
            timeout = delta <= 0 ? 0 : (int)Math.Min(MaxParkMs, Math.Ceiling(delta * _secondsPerTick * 1000));
        }
        else
        {
            timeout = -1;
        }

        if (timeout != 0 && _virtualTime is not null)
        {
            timeout = IdleInVirtualTime(timeout);
        }
        else if (timeout != 0 && !_incoming.HasItems && WakeIdleWaiters())
        {
            timeout = 0;
        }

        if (_poller is { } poller && (timeout != 0 || poller.Count > 0))
        {
            // Like asyncio's select(0) on a busy loop: sockets are looked at every iteration, not only when idle.
            _incoming.PollAndPark(poller, timeout);
        }
        else if (timeout != 0)
        {
            _incoming.Park(timeout);
        }

        if (ScheduleRandom is null)
        {
            _incoming.DrainInto(_ready);
            if (_timers.Count > 0)
            {
                var now = NowTicks;
                while (_timers.Count > 0 && _timers.PeekWhen <= now)
                {
                    _timers.Pop().Fire();
                }
            }
        }
        else
        {
            PerturbedArrivals(ScheduleRandom);
        }

        var n = _ready.Count;
        if (Debug)
        {
            for (var i = 0; i < n; i++)
            {
                DispatchTimed(_ready.Dequeue());
            }
        }
        else
        {
            for (var i = 0; i < n; i++)
            {
                Dispatch(_ready.Dequeue());
            }
        }
    }

    /// <summary>
    /// On a virtual clock, nothing is ready: wake idle-waiters first, else jump the clock to the next timer
    /// unless work handed to other threads is still running (then wait for it in real time).
    /// </summary>
    private int IdleInVirtualTime(int timeout)
    {
        if (_incoming.HasItems)
        {
            return 0;
        }

        if (WakeIdleWaiters())
        {
            return 0;
        }

        if (ExternalWork > 0)
        {
            return timeout < 0 ? 50 : Math.Min(timeout, 50);
        }

        if (_timers.Count > 0 && _virtualTime!.AutoJump)
        {
            _virtualTime.JumpTo(_timers.PeekWhen);
            return 0;
        }

        return timeout;
    }

    private void Dispatch(ReadyQueue.Entry e)
    {
        SynchronizationContext.SetSynchronizationContext(e.Context ?? BaseContext);
        try
        {
            switch (e.Callback)
            {
                case Action<object?> a:
                    a(e.State);
                    break;
                case Handle h:
                    h.Run();
                    break;
                case SendOrPostCallback s:
                    s(e.State);
                    break;
                case Action a:
                    a();
                    break;
                case IFutureSink sink:
                    sink.OnFutureDone((Future)e.State!);
                    break;
                default:
                    throw new InvalidOperationException($"Unknown loop item {e.Callback}");
            }
        }
        catch (Exception ex)
        {
            CallExceptionHandler(new ExceptionContext($"Exception in callback {Describe(e)}", ex)
            {
                Handle = e.Callback as Handle,
                Task = e.Context?.Task,
            });
        }
    }

    private void DispatchTimed(ReadyQueue.Entry e)
    {
        var start = Stopwatch.GetTimestamp();
        Dispatch(e);
        var took = Stopwatch.GetElapsedTime(start);
        if (took >= SlowCallbackDuration)
        {
            ReportSlowCallback(e, took);
        }
    }

    private void ReportSlowCallback(ReadyQueue.Entry e, TimeSpan took)
    {
        var task = e.Context?.Task;
        var what = task is not null ? $"step of {task}" : Describe(e);
        var created = task?.CreationStack is { } stack ? $"\nTask created at:\n{stack}" : string.Empty;
        Report($"Executing {what} took {took.TotalSeconds:0.000} seconds{created}");
    }

    private static string Describe(ReadyQueue.Entry e) => e.Callback switch
    {
        Handle h => h.ToString(),
        Delegate d => $"{d.Method.DeclaringType?.Name}.{d.Method.Name}",
        _ => e.Callback.ToString() ?? "?",
    };

    private sealed class StopOnDone(EventLoop loop) : IFutureSink
    {
        public void OnFutureDone(Future future) => loop.Stop();
    }
}
