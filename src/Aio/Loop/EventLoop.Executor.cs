namespace Aio;

public sealed partial class EventLoop
{
    private Executor? _defaultExecutor;
    private bool _executorShutdown;

    /// <summary>Replaces the default executor used by <see cref="RunInExecutor{T}"/> with null: asyncio's <c>set_default_executor()</c>.</summary>
    public void SetDefaultExecutor(Executor executor)
    {
        ArgumentNullException.ThrowIfNull(executor);
        _defaultExecutor = executor;
    }

    /// <summary>
    /// Runs the blocking <paramref name="function"/> on <paramref name="executor"/> (null: the default one) and
    /// returns a future completed on the loop: asyncio's <c>run_in_executor()</c>. Cancelling the future abandons
    /// the result; the function runs on to its end.
    /// </summary>
    /// <exception cref="InvalidOperationException">The default executor was shut down.</exception>
    public Future<T> RunInExecutor<T>(Executor? executor, Func<T> function)
    {
        ArgumentNullException.ThrowIfNull(function);
        CheckNotClosed();
        CheckThread();
        return new TaskFuture<T>(this, (executor ?? DefaultExecutor()).Submit(function), offLoopWork: true);
    }

    /// <summary>Runs the blocking <paramref name="action"/> on <paramref name="executor"/> (null: the default one).</summary>
    public Future<object?> RunInExecutor(Executor? executor, Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return RunInExecutor<object?>(executor, () =>
        {
            action();
            return null;
        });
    }

    /// <summary>
    /// Waits (without blocking the loop) for the default executor's work to finish, up to
    /// <paramref name="timeout"/>, then stops it: asyncio's <c>shutdown_default_executor()</c>.
    /// </summary>
    public async Task ShutdownDefaultExecutorAsync(TimeSpan? timeout = null)
    {
        _executorShutdown = true;
        var executor = _defaultExecutor;
        if (executor is null)
        {
            return;
        }

        var drained = Asyncio.WrapTask(executor.ShutdownAsync());
        if (timeout is { } t)
        {
            var (done, _) = await Asyncio.Wait([drained], t.TotalSeconds);
            if (done.Count == 0)
            {
                DefaultExceptionHandler(new ExceptionContext(
                    $"The executor did not finish joining its threads within {t.TotalSeconds} seconds."));
            }
        }
        else
        {
            await drained;
        }
    }

    internal Executor DefaultExecutor()
    {
        if (_executorShutdown)
        {
            throw new InvalidOperationException("Executor shutdown has been called");
        }

        return _defaultExecutor ??= new ThreadPoolExecutor();
    }
}
