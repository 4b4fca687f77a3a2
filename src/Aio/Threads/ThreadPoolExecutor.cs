namespace Aio;

/// <summary>
/// An <see cref="Executor"/> over the .NET thread pool that runs at most <see cref="MaxWorkers"/> functions at
/// once, queueing the rest in order: Python's <c>ThreadPoolExecutor(max_workers)</c>. Thread-safe.
/// </summary>
public sealed class ThreadPoolExecutor : Executor
{
    private readonly object _lock = new();
    private readonly Queue<Action> _queue = new();
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _running;
    private bool _shutdown;

    /// <summary>Creates an executor; the default size is asyncio's, min(32, processors + 4).</summary>
    public ThreadPoolExecutor(int? maxWorkers = null)
    {
        var n = maxWorkers ?? Math.Min(32, Environment.ProcessorCount + 4);
        if (n <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(maxWorkers), n, "max_workers must be greater than 0");
        }

        MaxWorkers = n;
    }

    /// <summary>How many functions may run at once.</summary>
    public int MaxWorkers { get; }

    /// <inheritdoc/>
    public override Task<T> Submit<T>(Func<T> function)
    {
        ArgumentNullException.ThrowIfNull(function);
        var tcs = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        void Work()
        {
            try
            {
                tcs.TrySetResult(function());
            }
            catch (Exception e)
            {
                tcs.TrySetException(e);
            }
        }

        lock (_lock)
        {
            if (_shutdown)
            {
                throw new InvalidOperationException("cannot schedule new futures after shutdown");
            }

            if (_running < MaxWorkers)
            {
                _running++;
                ThreadPool.UnsafeQueueUserWorkItem(static s => ((ThreadPoolExecutor)s!).RunWorker(), this);
            }

            _queue.Enqueue(Work);
        }

        return tcs.Task;
    }

    /// <inheritdoc/>
    public override void Shutdown(bool wait = true)
    {
        var drained = ShutdownAsync();
        if (wait)
        {
            drained.GetAwaiter().GetResult();
        }
    }

    /// <inheritdoc/>
    public override Task ShutdownAsync()
    {
        lock (_lock)
        {
            _shutdown = true;
            if (_running == 0)
            {
                _drained.TrySetResult();
            }
        }

        return _drained.Task;
    }

    private void RunWorker()
    {
        while (true)
        {
            Action work;
            lock (_lock)
            {
                if (!_queue.TryDequeue(out work!))
                {
                    _running--;
                    if (_running == 0 && _shutdown)
                    {
                        _drained.TrySetResult();
                    }

                    return;
                }
            }

            work();
        }
    }
}
