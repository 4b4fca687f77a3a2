namespace Aio;

/// <summary>
/// Runs several coroutines, one after another, on one loop: asyncio's <c>asyncio.Runner</c>. The loop is created
/// on first use; <see cref="Close"/> (or Dispose) performs <see cref="Asyncio.Run{T}(Func{Task{T}}, bool?, Func{EventLoop}?)"/>'s
/// shutdown: cancel the tasks left, wait for them, report their errors, shut the default executor down, close.
/// </summary>
public sealed class Runner : IDisposable
{
    private readonly bool? _debug;
    private readonly Func<EventLoop>? _loopFactory;
    private EventLoop? _loop;
    private bool _closed;

    /// <summary>Creates a runner; <paramref name="loopFactory"/> supplies the loop (e.g. a virtual-time one).</summary>
    public Runner(bool? debug = null, Func<EventLoop>? loopFactory = null)
    {
        _debug = debug;
        _loopFactory = loopFactory;
    }

    /// <summary>The signal treated as Ctrl+C (tests pick a harmless one).</summary>
    internal System.Runtime.InteropServices.PosixSignal InterruptSignal { get; set; } = System.Runtime.InteropServices.PosixSignal.SIGINT;

    /// <summary>The runner's loop, created if needed: asyncio's <c>Runner.get_loop()</c>.</summary>
    public EventLoop GetLoop()
    {
        if (_closed)
        {
            throw new InvalidOperationException("Runner is closed");
        }

        if (_loop is null)
        {
            _loop = _loopFactory?.Invoke() ?? new EventLoop();
            if (_debug is { } d)
            {
                _loop.Debug = d;
            }
        }

        return _loop;
    }

    /// <summary>Runs <paramref name="main"/> as a task to completion and returns its result: asyncio's <c>Runner.run()</c>.</summary>
    /// <exception cref="InvalidOperationException">Called from a thread running a loop, or after Close.</exception>
    public T Run<T>(Func<Task<T>> main)
    {
        ArgumentNullException.ThrowIfNull(main);
        if (EventLoop.Current is not null)
        {
            throw new InvalidOperationException("Runner.Run() cannot be called from a running event loop");
        }

        var loop = GetLoop();
        var task = loop.CreateTask(main);
        RunMain(loop, task);
        return task.Result;
    }

    /// <summary>Runs <paramref name="main"/> as a task to completion, rethrowing its exception.</summary>
    public void Run(Func<Task> main)
    {
        ArgumentNullException.ThrowIfNull(main);
        if (EventLoop.Current is not null)
        {
            throw new InvalidOperationException("Runner.Run() cannot be called from a running event loop");
        }

        var loop = GetLoop();
        RunMain(loop, loop.CreateTask(main));
    }

    /// <summary>
    /// Runs the main task; the first Ctrl+C cancels it (a second one ends the process at once) and, if that
    /// cancellation is what ended it, surfaces as <see cref="KeyboardInterrupt"/>, as asyncio's runner does.
    /// </summary>
    private void RunMain(EventLoop loop, AioTask task)
    {
        using var interrupt = InterruptHandler.Install(loop, () => task, InterruptSignal);
        try
        {
            loop.RunUntilComplete((Future)task);
        }
        catch (CancelledError e) when (interrupt.Interrupted && task.Cancelled && task.Uncancel() == 0)
        {
            throw new KeyboardInterrupt(e);
        }
    }

    /// <summary>Shuts the loop down and closes it; idempotent: asyncio's <c>Runner.close()</c>.</summary>
    public void Close()
    {
        if (_closed)
        {
            return;
        }

        _closed = true;
        var loop = _loop;
        if (loop is null || loop.IsClosed)
        {
            return;
        }

        try
        {
            CancelAllTasks(loop);
            loop.RunUntilComplete(() => loop.ShutdownDefaultExecutorAsync(TimeSpan.FromSeconds(300)));
        }
        finally
        {
            loop.Close();
        }
    }

    /// <summary>Same as <see cref="Close"/>.</summary>
    public void Dispose() => Close();

    private static void CancelAllTasks(EventLoop loop)
    {
        var tasks = loop.AllTasks();
        if (tasks.Count == 0)
        {
            return;
        }

        foreach (var t in tasks)
        {
            t.Cancel();
        }

        var all = Asyncio.GatherCore<object?>(loop, tasks.ToArray<Future>(), returnExceptions: true, static f => f.ResultObject);
        loop.RunUntilComplete(all);
        foreach (var t in tasks)
        {
            if (!t.Cancelled && t.FailedWith is { } error)
            {
                t.MarkExceptionRetrieved();
                loop.CallExceptionHandler(new ExceptionContext("unhandled exception during Asyncio.Run() shutdown", error) { Task = t, Future = t });
            }
        }
    }
}
