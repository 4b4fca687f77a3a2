namespace Aio;

/// <summary>
/// Work handed to the loop from other threads, and the loop's idle wait. One lock guards both, so a
/// producer that finds the loop parked wakes it in the same critical section and no wake-up is lost.
/// </summary>
internal sealed class IncomingQueue
{
    private readonly object _lock = new();
    private List<ReadyQueue.Entry> _pending = new();
    private List<ReadyQueue.Entry> _spare = new();
    private bool _parked;
    private volatile bool _hasItems;

    public bool HasItems => _hasItems;

    public void Post(object callback, object? state, AioContext? context)
    {
        lock (_lock)
        {
            _pending.Add(new ReadyQueue.Entry { Callback = callback, State = state, Context = context });
            _hasItems = true;
            if (_parked)
            {
                Monitor.Pulse(_lock);
            }
        }
    }

    /// <summary>Wakes a parked loop without handing it work (used by Stop from another thread).</summary>
    public void Wake()
    {
        lock (_lock)
        {
            _hasItems = true;
            if (_parked)
            {
                Monitor.Pulse(_lock);
            }
        }
    }

    /// <summary>Blocks the loop thread until work arrives or the timeout passes (-1: no timeout).</summary>
    public void Park(int timeoutMs)
    {
        if (timeoutMs == 0 || _hasItems)
        {
            return;
        }

        lock (_lock)
        {
            if (_hasItems)
            {
                return;
            }

            _parked = true;
            Monitor.Wait(_lock, timeoutMs);
            _parked = false;
        }
    }

    /// <summary>Moves everything posted so far into the ready queue, in posting order.</summary>
    public void DrainInto(ReadyQueue ready)
    {
        if (!_hasItems)
        {
            return;
        }

        List<ReadyQueue.Entry> batch;
        lock (_lock)
        {
            batch = _pending;
            _pending = _spare;
            _spare = batch;
            _hasItems = false;
        }

        foreach (var e in batch)
        {
            ready.Enqueue(e.Callback, e.State, e.Context);
        }

        batch.Clear();
    }

    public void Clear()
    {
        lock (_lock)
        {
            _pending.Clear();
            _hasItems = false;
        }
    }
}
