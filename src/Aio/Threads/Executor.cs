namespace Aio;

/// <summary>
/// Runs blocking functions on other threads: Python's <c>concurrent.futures.Executor</c>. The loop's default
/// executor is a <see cref="ThreadPoolExecutor"/>; replace it with <see cref="EventLoop.SetDefaultExecutor"/>.
/// </summary>
public abstract class Executor : IDisposable
{
    /// <summary>Runs <paramref name="function"/> on a worker; the task completes on the worker thread.</summary>
    /// <exception cref="InvalidOperationException">The executor was shut down.</exception>
    public abstract Task<T> Submit<T>(Func<T> function);

    /// <summary>
    /// Stops accepting work; with <paramref name="wait"/>, blocks until queued and running work has finished:
    /// Python's <c>Executor.shutdown(wait)</c>.
    /// </summary>
    public abstract void Shutdown(bool wait = true);

    /// <summary>Stops accepting work and completes when queued and running work has finished.</summary>
    public abstract Task ShutdownAsync();

    /// <summary>Shuts down, waiting for the work to finish.</summary>
    public void Dispose()
    {
        Shutdown(wait: true);
        GC.SuppressFinalize(this);
    }
}
