namespace Aio;

public static partial class Asyncio
{
    /// <summary>
    /// Waits for <paramref name="future"/> for at most <paramref name="timeoutSeconds"/> (null: no limit):
    /// asyncio's <c>wait_for()</c> (3.12+). On timeout the future is cancelled and awaited until it finishes,
    /// then <see cref="TimeoutException"/> is raised; if it produces a value despite the cancellation, the value
    /// is returned. Cancelling the caller cancels the future.
    /// </summary>
    /// <exception cref="TimeoutException">The time ran out.</exception>
    public static async Task<T> WaitFor<T>(Future<T> future, double? timeoutSeconds)
    {
        ArgumentNullException.ThrowIfNull(future);
        if (timeoutSeconds is { } t && t <= 0)
        {
            return await CancelAndWait(future, f => ((Future<T>)f).Result);
        }

        return await Timeout(timeoutSeconds, async () => await future);
    }

    /// <summary>Waits for a task for at most <paramref name="timeoutSeconds"/>; see <see cref="WaitFor{T}(Future{T}, double?)"/>.</summary>
    public static async Task<T> WaitFor<T>(AioTask<T> task, double? timeoutSeconds)
    {
        ArgumentNullException.ThrowIfNull(task);
        if (timeoutSeconds is { } t && t <= 0)
        {
            return await CancelAndWait(task, f => ((AioTask<T>)f).Result);
        }

        return await Timeout(timeoutSeconds, async () => await task);
    }

    /// <summary>Waits for a task without a result for at most <paramref name="timeoutSeconds"/>.</summary>
    public static async Task WaitFor(AioTask task, double? timeoutSeconds)
    {
        ArgumentNullException.ThrowIfNull(task);
        if (timeoutSeconds is { } t && t <= 0)
        {
            await CancelAndWait<object?>(task, f => ((AioTask)f).Result);
            return;
        }

        await Timeout(timeoutSeconds, async () => await task);
    }

    /// <summary>
    /// Runs <paramref name="coroutine"/> in the calling task with a time limit (3.12+ semantics: no extra task).
    /// With a limit of zero or less the coroutine never starts.
    /// </summary>
    public static Task<T> WaitFor<T>(Func<Task<T>> coroutine, double? timeoutSeconds)
    {
        ArgumentNullException.ThrowIfNull(coroutine);
        if (timeoutSeconds is { } t && t <= 0)
        {
            return Task.FromException<T>(new TimeoutException("The operation has timed out.", new CancelledError()));
        }

        return Timeout(timeoutSeconds, coroutine);
    }

    /// <summary>Runs a coroutine without a result in the calling task with a time limit.</summary>
    public static Task WaitFor(Func<Task> coroutine, double? timeoutSeconds)
    {
        ArgumentNullException.ThrowIfNull(coroutine);
        if (timeoutSeconds is { } t && t <= 0)
        {
            return Task.FromException(new TimeoutException("The operation has timed out.", new CancelledError()));
        }

        return Timeout(timeoutSeconds, coroutine);
    }

    private static async Task<T> CancelAndWait<T>(Future future, Func<Future, T> read)
    {
        if (!future.Done)
        {
            future.Cancel();
            var done = new Future<bool>(future.Loop);
            future.AddDoneCallback(_ => done.TrySetResult(true));
            await done;
        }

        try
        {
            return read(future);
        }
        catch (CancelledError ce)
        {
            throw new TimeoutException("The operation has timed out.", ce);
        }
    }
}
