namespace Aio;

/// <summary>A <see cref="AsyncQueue{T}"/> that gives the most recently put item first: asyncio's <c>asyncio.LifoQueue</c>.</summary>
public sealed class AsyncLifoQueue<T> : AsyncQueue<T>
{
    private readonly List<T> _stack = new();

    /// <summary>Creates a LIFO queue holding at most <paramref name="maxSize"/> items; 0 means unbounded.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxSize"/> is negative.</exception>
    public AsyncLifoQueue(int maxSize = 0)
        : base(maxSize, ownStore: false)
    {
    }

    private protected override int StoredCount => _stack.Count;

    private protected override void Store(T item) => _stack.Add(item);

    private protected override T Take()
    {
        var last = _stack.Count - 1;
        var item = _stack[last];
        _stack.RemoveAt(last);
        return item;
    }

    private protected override void ClearStore() => _stack.Clear();
}
