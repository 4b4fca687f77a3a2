namespace Aio;

public static partial class Asyncio
{
    /// <summary>
    /// Runs the blocking <paramref name="function"/> on the loop's default executor and waits for it without
    /// blocking the loop: asyncio's <c>to_thread()</c>. AsyncLocal values flow to the thread. Cancelling the
    /// waiting task abandons the result; the function runs on.
    /// </summary>
    public static Future<T> ToThread<T>(Func<T> function)
    {
        ArgumentNullException.ThrowIfNull(function);
        return GetRunningLoop().RunInExecutor(null, InCallersContext(function));
    }

    /// <summary>Runs the blocking <paramref name="action"/> on the default executor; see <see cref="ToThread{T}(Func{T})"/>.</summary>
    public static Future<object?> ToThread(Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return ToThread<object?>(() =>
        {
            action();
            return null;
        });
    }

    /// <summary>Wraps <paramref name="function"/> to run in the caller's execution context (asyncio's context copy).</summary>
    private static Func<T> InCallersContext<T>(Func<T> function)
    {
        var context = ExecutionContext.Capture();
        if (context is null)
        {
            return function;
        }

        return () =>
        {
            var result = default(T)!;
            ExecutionContext.Run(context, _ => result = function(), null);
            return result;
        };
    }

    /// <summary>
    /// Runs a blocking function that accepts a token, cancelled when the waiting side gives up (the task is
    /// cancelled or the returned future is), so cooperative work can stop early. The token stays usable, wait
    /// handle included, until the function returns.
    /// </summary>
    public static Future<T> ToThread<T>(Func<CancellationToken, T> function)
    {
        ArgumentNullException.ThrowIfNull(function);
        var cancellation = new ThreadCancellation();
        var future = GetRunningLoop().RunInExecutor(null, InCallersContext(() =>
        {
            try
            {
                return function(cancellation.Token);
            }
            finally
            {
                cancellation.OnFunctionDone();
            }
        }));
        future.AddDoneCallback(f =>
        {
            if (f.Cancelled)
            {
                cancellation.Cancel();
            }
        });
        return future;
    }

    /// <summary>
    /// Submits <paramref name="coroutine"/> to <paramref name="loop"/> from any other thread and returns a .NET
    /// task with its result: asyncio's <c>run_coroutine_threadsafe()</c>. Cancelling
    /// <paramref name="cancellationToken"/> cancels the task on the loop. Thread-safe.
    /// </summary>
    /// <exception cref="InvalidOperationException">Called on the loop's own thread (it would deadlock when waited on).</exception>
    public static Task<T> RunCoroutineThreadsafe<T>(Func<Task<T>> coroutine, EventLoop loop, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(coroutine);
        ArgumentNullException.ThrowIfNull(loop);
        loop.CheckNotClosed();
        var tcs = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        loop.CallSoonThreadsafe(() =>
        {
            if (tcs.Task.IsCompleted)
            {
                return;
            }

            AioTask<T> task;
            try
            {
                task = loop.CreateTask(coroutine);
            }
            catch (Exception e)
            {
                tcs.TrySetException(e);
                return;
            }

            var registration = cancellationToken.UnsafeRegister(
                static s =>
                {
                    var t = (AioTask)s!;
                    try
                    {
                        t.Loop.CallSoonThreadsafe(() => t.Cancel());
                    }
                    catch (InvalidOperationException)
                    {
                        // The loop closed first; the task was cancelled by the shutdown.
                    }
                },
                task);
            task.AddDoneCallback(f =>
            {
                registration.Dispose();
                if (f.Cancelled)
                {
                    tcs.TrySetCanceled(cancellationToken.IsCancellationRequested ? cancellationToken : new CancellationToken(true));
                }
                else if (f.FailedWith is { } ex)
                {
                    f.MarkExceptionRetrieved();
                    tcs.TrySetException(ex);
                }
                else
                {
                    tcs.TrySetResult(((AioTask<T>)f).Result);
                }
            });
        });
        return tcs.Task;
    }

    /// <summary>Submits a coroutine without a result to <paramref name="loop"/> from another thread.</summary>
    public static Task RunCoroutineThreadsafe(Func<Task> coroutine, EventLoop loop, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(coroutine);
        return RunCoroutineThreadsafe<object?>(
            async () =>
            {
                await coroutine();
                return null;
            },
            loop,
            cancellationToken);
    }
}
