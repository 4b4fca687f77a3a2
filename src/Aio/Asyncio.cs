using System.Runtime.CompilerServices;

namespace Aio;

/// <summary>
/// asyncio's module-level functions for Aio: <c>Asyncio.Run</c>, <c>Asyncio.Sleep</c>, <c>Asyncio.Gather</c>…
/// With <c>using static Aio.Asyncio;</c> code reads like asyncio: <c>await Sleep(1); await Gather(a, b);</c>.
/// </summary>
public static partial class Asyncio
{
    /// <summary>
    /// Runs <paramref name="main"/> on a new loop and returns its result: asyncio's <c>asyncio.run()</c>. Afterwards
    /// every task still pending is cancelled and awaited (their errors go to the exception handler), the default
    /// executor is shut down and the loop closed. The main task's exception is rethrown with its original stack.
    /// </summary>
    /// <exception cref="InvalidOperationException">Called from a thread that is running a loop.</exception>
    public static T Run<T>(Func<Task<T>> main, bool? debug = null, Func<EventLoop>? loopFactory = null)
    {
        ArgumentNullException.ThrowIfNull(main);
        if (EventLoop.Current is not null)
        {
            throw new InvalidOperationException("Asyncio.Run() cannot be called from a running event loop");
        }

        using var runner = new Runner(debug, loopFactory);
        return runner.Run(main);
    }

    /// <summary>Runs <paramref name="main"/> on a new loop until it completes; see <see cref="Run{T}(Func{Task{T}}, bool?, Func{EventLoop}?)"/>.</summary>
    public static void Run(Func<Task> main, bool? debug = null, Func<EventLoop>? loopFactory = null)
    {
        ArgumentNullException.ThrowIfNull(main);
        Run<object?>(
            async () =>
            {
                await main();
                return null;
            },
            debug,
            loopFactory);
    }

    /// <summary>The loop running on this thread: asyncio's <c>get_running_loop()</c>.</summary>
    /// <exception cref="InvalidOperationException">No loop runs on this thread ("no running event loop").</exception>
    public static EventLoop GetRunningLoop() => EventLoop.GetRunningLoop();

    /// <summary>Schedules <paramref name="coroutine"/> as a task on the running loop: asyncio's <c>create_task()</c>.</summary>
    public static AioTask CreateTask(Func<Task> coroutine, string? name = null) => GetRunningLoop().CreateTask(coroutine, name);

    /// <summary>Schedules a coroutine that receives its task's <see cref="AioTask.CancellationToken"/>.</summary>
    public static AioTask CreateTask(Func<CancellationToken, Task> coroutine, string? name = null) => GetRunningLoop().CreateTask(coroutine, name);

    /// <summary>Schedules <paramref name="coroutine"/> as a task with a result: asyncio's <c>create_task()</c>.</summary>
    public static AioTask<T> CreateTask<T>(Func<Task<T>> coroutine, string? name = null) => GetRunningLoop().CreateTask(coroutine, name);

    /// <summary>Schedules a coroutine with a result that receives its task's cancellation token.</summary>
    public static AioTask<T> CreateTask<T>(Func<CancellationToken, Task<T>> coroutine, string? name = null) => GetRunningLoop().CreateTask(coroutine, name);

    /// <summary>The task whose code is running, or null: asyncio's <c>current_task()</c>.</summary>
    public static AioTask? CurrentTask() => AioTask.Current;

    /// <summary>The running loop's tasks that are not done: asyncio's <c>all_tasks()</c>.</summary>
    public static IReadOnlyList<AioTask> AllTasks() => GetRunningLoop().AllTasks();

    /// <summary>The Aio context of the caller on <paramref name="loop"/>, or a clear error when called from elsewhere.</summary>
    internal static AioContext RequireContext(EventLoop loop)
    {
        if (loop.IsOnLoopThread)
        {
            return SynchronizationContext.Current is AioContext c && c.Loop == loop ? c : loop.BaseContext;
        }

        if (EventLoop.Current is { } other)
        {
            throw new InvalidOperationException($"The future is attached to a different loop than the one running here ({other}).");
        }

        throw loop.IsRunning
            ? loop.WrongThread()
            : new InvalidOperationException("Aio waits must be awaited on a running Aio loop; start one with Asyncio.Run or EventLoop.RunUntilComplete.");
    }

    /// <summary>The Aio context of the caller on the running loop.</summary>
    internal static AioContext RequireContext()
    {
        // The common case in one thread-local read fewer: code of a task, on its loop's thread.
        if (SynchronizationContext.Current is AioContext c && c.Loop.IsOnLoopThread)
        {
            return c;
        }

        var loop = EventLoop.Current;
        if (loop is null)
        {
            throw new InvalidOperationException(
                "no running event loop: Aio waits must run on an Aio loop thread (start one with Asyncio.Run; " +
                "from other threads use Asyncio.RunCoroutineThreadsafe). Code after ConfigureAwait(false) has left the loop.");
        }

        return RequireContext(loop);
    }

    /// <summary>The caller's context, which must belong to a task.</summary>
    internal static AioContext RequireTaskContext(string what)
    {
        var context = RequireContext();
        if (context.Task is null)
        {
            throw new InvalidOperationException($"{what} must be used inside a task: cannot determine the parent task");
        }

        return context;
    }

    /// <summary>Continues on <paramref name="context"/>'s loop thread, in that context.</summary>
    internal static ContextResumer ResumeOn(AioContext context) => new(context);

    internal readonly struct ContextResumer(AioContext context) : ICriticalNotifyCompletion
    {
        public bool IsCompleted
        {
            get
            {
                if (!context.Loop.IsOnLoopThread)
                {
                    return false;
                }

                SynchronizationContext.SetSynchronizationContext(context);
                return true;
            }
        }

        public ContextResumer GetAwaiter() => this;

        public void GetResult()
        {
        }

        public void OnCompleted(Action continuation) => UnsafeOnCompleted(continuation);

        public void UnsafeOnCompleted(Action continuation) => context.Loop.PostFromAnyThread(continuation, null, context);
    }
}
