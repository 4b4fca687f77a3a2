using System.Diagnostics;

namespace Aio;

/// <summary>
/// A first-in, first-out queue for tasks on one loop: asyncio's <c>asyncio.Queue</c>, with 3.13's
/// <see cref="Shutdown"/>. <see cref="AsyncPriorityQueue{T}"/> and <see cref="AsyncLifoQueue{T}"/> change only the order.
/// </summary>
/// <remarks>
/// <para>Fair and lossless: a put wakes the longest-waiting getter and the item is reserved for it until it runs
/// (it still counts in <see cref="Count"/>, as in asyncio); a getter cancelled before it runs gives the
/// reservation to the next getter, so no item is lost. Free slots are reserved for woken putters the same way,
/// and a putter cancelled at any point never inserts its item. Because reserved items and slots belong to the
/// woken tasks, <see cref="GetNowait"/> and <see cref="PutNowait"/> cannot take them (asyncio would let them and
/// send the woken task back to wait).</para>
/// <para>Consumable with <c>await foreach</c> until the queue is shut down and drained. Loop thread only.</para>
/// </remarks>
[DebuggerDisplay("{ToString(),nq}")]
public class AsyncQueue<T> : IParkingOwner<T>, IAsyncEnumerable<T>
{
    private const int Getter = 1;
    private const int Putter = 2;
    private const int Joiner = 3;

    private readonly Queue<T>? _fifo;
    private readonly ParkingLot<T> _getters = new();
    private readonly ParkingLot<T> _putters = new();
    private readonly ParkingLot<T> _joiners = new();
    private EventLoop? _loop;
    private int _reservedItems;
    private int _reservedSlots;
    private int _unfinished;
    private bool _shutdown;

    /// <summary>Creates a FIFO queue holding at most <paramref name="maxSize"/> items; 0 means unbounded.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxSize"/> is negative.</exception>
    public AsyncQueue(int maxSize = 0)
        : this(maxSize, ownStore: true)
    {
    }

    private protected AsyncQueue(int maxSize, bool ownStore)
    {
        if (maxSize < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(maxSize), maxSize, "maxSize must be >= 0 (0 means unbounded)");
        }

        MaxSize = maxSize;
        _fifo = ownStore ? new Queue<T>() : null;
    }

    /// <summary>The bound on the number of items; 0 means unbounded: asyncio's <c>maxsize</c>.</summary>
    public int MaxSize { get; }

    /// <summary>The number of items in the queue: asyncio's <c>qsize()</c>.</summary>
    public int Count => StoredCount;

    /// <summary>Whether the queue holds no item: asyncio's <c>empty()</c>.</summary>
    public bool Empty => StoredCount == 0;

    /// <summary>Whether the queue holds <see cref="MaxSize"/> items: asyncio's <c>full()</c>.</summary>
    public bool Full => MaxSize > 0 && StoredCount >= MaxSize;

    /// <summary>Whether <see cref="Shutdown"/> was called.</summary>
    public bool IsShutDown => _shutdown;

    /// <summary>Items put and not yet marked done with <see cref="TaskDone"/>.</summary>
    public int Unfinished => _unfinished;

    private protected virtual int StoredCount => _fifo!.Count;

    private int Available => StoredCount - _reservedItems;

    private bool HasFreeSlot => MaxSize == 0 || StoredCount + _reservedSlots < MaxSize;

    /// <summary>
    /// Puts <paramref name="item"/>, waiting while the queue is full: asyncio's <c>put()</c>. An Aio wait: the
    /// task's cancellation, enclosing cancel scopes and <paramref name="cancellationToken"/> interrupt it, and then
    /// the item was not put. A free slot is taken at once without a checkpoint, as in asyncio.
    /// </summary>
    /// <exception cref="QueueShutDown">The queue is shut down (also when that happens while waiting).</exception>
    public ValueTask PutAsync(T item, CancellationToken cancellationToken = default)
    {
        var context = LoopBound.Enter(ref _loop, this);
        if (_shutdown)
        {
            return ValueTask.FromException(new QueueShutDown());
        }

        if (HasFreeSlot && _putters.Count == 0 && !cancellationToken.IsCancellationRequested)
        {
            Insert(item);
            return default;
        }

        var w = ParkedWaiter<T>.Park(context, _putters, this, item, cancellationToken, Putter);
        return new ValueTask(w, w.Version);
    }

    /// <summary>Puts <paramref name="item"/> without waiting: asyncio's <c>put_nowait()</c>.</summary>
    /// <exception cref="QueueFull">No free slot.</exception>
    /// <exception cref="QueueShutDown">The queue is shut down.</exception>
    public void PutNowait(T item)
    {
        LoopBound.Enter(ref _loop, this);
        if (_shutdown)
        {
            throw new QueueShutDown();
        }

        if (!HasFreeSlot || _putters.Count > 0)
        {
            throw new QueueFull();
        }

        Insert(item);
    }

    /// <summary>
    /// Removes and returns the next item, waiting while there is none: asyncio's <c>get()</c>. An Aio wait: the
    /// task's cancellation, enclosing cancel scopes and <paramref name="cancellationToken"/> interrupt it, and then
    /// no item was taken. An available item is taken at once without a checkpoint, as in asyncio.
    /// </summary>
    /// <exception cref="QueueShutDown">The queue is shut down and drained (also when that happens while waiting).</exception>
    public ValueTask<T> GetAsync(CancellationToken cancellationToken = default)
    {
        var context = LoopBound.Enter(ref _loop, this);
        if (Available > 0 && _getters.Count == 0 && !cancellationToken.IsCancellationRequested)
        {
            return new ValueTask<T>(TakeItem());
        }

        if (_shutdown && Available <= 0)
        {
            return ValueTask.FromException<T>(new QueueShutDown());
        }

        var w = ParkedWaiter<T>.Park(context, _getters, this, default!, cancellationToken, Getter);
        return new ValueTask<T>(w, w.Version);
    }

    /// <summary>Removes and returns the next item without waiting: asyncio's <c>get_nowait()</c>.</summary>
    /// <exception cref="QueueEmpty">No item is available (every item may be reserved for a woken getter).</exception>
    /// <exception cref="QueueShutDown">The queue is shut down and drained.</exception>
    public T GetNowait()
    {
        LoopBound.Enter(ref _loop, this);
        if (Available > 0 && _getters.Count == 0)
        {
            return TakeItem();
        }

        throw _shutdown ? new QueueShutDown() : new QueueEmpty();
    }

    /// <summary>
    /// Marks one item taken from the queue as processed: asyncio's <c>task_done()</c>. When every item put has
    /// been marked, <see cref="JoinAsync"/> returns.
    /// </summary>
    /// <exception cref="InvalidOperationException">Called more times than items were put.</exception>
    public void TaskDone()
    {
        LoopBound.Enter(ref _loop, this);
        if (_unfinished <= 0)
        {
            throw new InvalidOperationException("TaskDone() called too many times");
        }

        if (--_unfinished == 0)
        {
            _joiners.WakeAll(default!);
        }
    }

    /// <summary>
    /// Waits until every item put has been marked with <see cref="TaskDone"/>; returns at once if none is
    /// outstanding: asyncio's <c>join()</c>. An Aio wait: the task's cancellation, enclosing cancel scopes and
    /// <paramref name="cancellationToken"/> interrupt it.
    /// </summary>
    public ValueTask JoinAsync(CancellationToken cancellationToken = default)
    {
        var context = LoopBound.Enter(ref _loop, this);
        if (_unfinished == 0)
        {
            return default;
        }

        var w = ParkedWaiter<T>.Park(context, _joiners, this, default!, cancellationToken, Joiner);
        return new ValueTask(w, w.Version);
    }

    /// <summary>
    /// Shuts the queue down: asyncio's <c>shutdown()</c> (3.13). Puts fail with <see cref="QueueShutDown"/> from now
    /// on, waiting putters too; gets drain the remaining items, then fail. With <paramref name="immediate"/> the
    /// remaining items are dropped (each counted as done, which may release <see cref="JoinAsync"/>) and waiting
    /// getters fail at once. Calling it again is harmless.
    /// </summary>
    public void Shutdown(bool immediate = false)
    {
        LoopBound.Enter(ref _loop, this);
        _shutdown = true;
        if (immediate)
        {
            var dropped = StoredCount;
            ClearStore();
            _unfinished = Math.Max(0, _unfinished - dropped);
            if (_unfinished == 0)
            {
                _joiners.WakeAll(default!);
            }
        }

        _putters.FailAll(static () => new QueueShutDown());
        if (Available <= 0)
        {
            _getters.FailAll(static () => new QueueShutDown());
        }
    }

    /// <summary>A snapshot of the queue's state.</summary>
    public QueueStatistics Statistics() =>
        new(StoredCount, MaxSize, _getters.Count, _putters.Count, _unfinished, _shutdown);

    /// <summary>
    /// Gets items with <c>await foreach</c> until the queue is shut down and drained. Each item still needs its
    /// <see cref="TaskDone"/> if <see cref="JoinAsync"/> is used. Every step is a <see cref="GetAsync"/>.
    /// </summary>
    public IAsyncEnumerator<T> GetAsyncEnumerator(CancellationToken cancellationToken = default) =>
        new ShutdownReader<T>(GetAsync, cancellationToken);

    /// <inheritdoc/>
    public override string ToString() =>
        $"<{GetType().Name.Split('`')[0]} maxsize={MaxSize} count={StoredCount} getters={_getters.Count} putters={_putters.Count} unfinished={_unfinished}{(_shutdown ? " shutdown" : "")}>";

    /// <summary>Adds an item to the storage (asyncio's <c>_put</c>).</summary>
    private protected virtual void Store(T item) => _fifo!.Enqueue(item);

    /// <summary>Removes the next item from the storage (asyncio's <c>_get</c>).</summary>
    private protected virtual T Take() => _fifo!.Dequeue();

    /// <summary>Drops every stored item.</summary>
    private protected virtual void ClearStore() => _fifo!.Clear();

    private void Insert(T item)
    {
        Store(item);
        _unfinished++;
        OfferItem();
    }

    private T TakeItem()
    {
        var item = Take();
        OfferSlot();
        return item;
    }

    private void OfferItem()
    {
        while (_getters.First is not null && Available > 0)
        {
            _reservedItems++;
            _getters.WakeFirst(default!, handOver: true);
        }
    }

    private void OfferSlot()
    {
        while (_putters.First is not null && HasFreeSlot)
        {
            _reservedSlots++;
            _putters.WakeFirst(handOver: true);
        }
    }

    void IParkingOwner<T>.Left(ParkedWaiter<T> waiter)
    {
    }

    bool IParkingOwner<T>.Revoke(ParkedWaiter<T> waiter)
    {
        waiter.Woken = false;
        if (waiter.Flags == Getter)
        {
            _reservedItems--;
            OfferItem();
        }
        else if (waiter.Flags == Putter)
        {
            _reservedSlots--;
            OfferSlot();
        }

        return true;
    }

    void IParkingOwner<T>.Claim(ParkedWaiter<T> waiter, ref Exception? error)
    {
        if (waiter.Flags == Getter)
        {
            _reservedItems--;
            if (StoredCount > 0)
            {
                waiter.SetValue(TakeItem());
            }
            else
            {
                error = new QueueShutDown();
            }
        }
        else if (waiter.Flags == Putter)
        {
            _reservedSlots--;
            if (_shutdown)
            {
                error = new QueueShutDown();
            }
            else
            {
                Insert(waiter.PeekValue());
            }
        }
    }

    bool IParkingOwner<T>.CancelParked(ParkedWaiter<T> waiter, CancelledError error) => false;
}
