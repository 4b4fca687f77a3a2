namespace Aio;

/// <summary>
/// Work handed to the loop from other threads, and the loop's idle wait. One lock guards both, so a
/// producer that finds the loop parked wakes it in the same critical section and no wake-up is lost. A loop that
/// watches sockets parks in its <see cref="IoPoller"/> instead of on the lock; producers then signal the poller.
/// </summary>
internal sealed class IncomingQueue
{
    private readonly object _lock = new();
    private List<ReadyQueue.Entry> _pending = new();
    private List<ReadyQueue.Entry> _spare = new();
    private bool _parked;
    private bool _wakeSent;
    private IoPoller? _poller;
    private volatile bool _hasItems;

    public bool HasItems => _hasItems;

    public void Post(object callback, object? state, AioContext? context)
    {
        lock (_lock)
        {
            _pending.Add(new ReadyQueue.Entry { Callback = callback, State = state, Context = context });
            _hasItems = true;
            WakeParkedLoop();
        }
    }

    /// <summary>Wakes a parked loop without handing it work (used by Stop from another thread).</summary>
    public void Wake()
    {
        lock (_lock)
        {
            _hasItems = true;
            WakeParkedLoop();
        }
    }

    /// <summary>Called under the lock once work is there: a parked loop must see it.</summary>
    private void WakeParkedLoop()
    {
        if (!_parked || _wakeSent)
        {
            return;
        }

        _wakeSent = true;
        if (_poller is { } p)
        {
            p.Wake();
        }
        else
        {
            Monitor.Pulse(_lock);
        }
    }

    /// <summary>Makes the loop park in <paramref name="poller"/> (null: on the lock again, before it is disposed).</summary>
    public void UsePoller(IoPoller? poller)
    {
        lock (_lock)
        {
            _poller = poller;
        }
    }

    /// <summary>
    /// Waits in the poller until work arrives, a socket is ready or the timeout passes; with work already posted,
    /// or a zero timeout, only looks for ready sockets.
    /// </summary>
    public void PollAndPark(IoPoller poller, int timeoutMs)
    {
        if (timeoutMs != 0)
        {
            lock (_lock)
            {
                if (_hasItems)
                {
                    timeoutMs = 0;
                }
                else
                {
                    _parked = true;
                }
            }
        }

        if (timeoutMs == 0)
        {
            poller.Poll(0);
            return;
        }

        try
        {
            poller.Poll(timeoutMs);
        }
        finally
        {
            lock (_lock)
            {
                _parked = false;
                _wakeSent = false;
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
            _wakeSent = false;
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
