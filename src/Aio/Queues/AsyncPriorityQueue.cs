namespace Aio;

/// <summary>
/// A <see cref="AsyncQueue{T}"/> that gives the smallest item first (stable: equal items leave in the order they were
/// put): asyncio's <c>asyncio.PriorityQueue</c>. Put <c>(priority, data)</c> tuples to order by priority, as in
/// Python.
/// </summary>
public sealed class AsyncPriorityQueue<T> : AsyncQueue<T>
{
    private readonly System.Collections.Generic.PriorityQueue<T, (T Item, long Seq)> _heap;
    private long _seq;

    /// <summary>
    /// Creates a priority queue holding at most <paramref name="maxSize"/> items (0: unbounded), ordered by
    /// <paramref name="comparer"/> or, by default, by <typeparamref name="T"/>'s own ordering.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxSize"/> is negative.</exception>
    /// <exception cref="ArgumentException">No comparer is given and <typeparamref name="T"/> is not comparable.</exception>
    public AsyncPriorityQueue(int maxSize = 0, IComparer<T>? comparer = null)
        : base(maxSize, ownStore: false)
    {
        if (comparer is null && !typeof(IComparable<T>).IsAssignableFrom(typeof(T)) && !typeof(System.IComparable).IsAssignableFrom(typeof(T)))
        {
            throw new ArgumentException(
                $"AsyncPriorityQueue<{typeof(T).Name}> needs comparable items: {typeof(T).Name} implements neither IComparable<T> nor IComparable, so pass an IComparer<T>.",
                nameof(comparer));
        }

        var items = comparer ?? Comparer<T>.Default;
        _heap = new(Comparer<(T Item, long Seq)>.Create((a, b) =>
        {
            var c = items.Compare(a.Item, b.Item);
            return c != 0 ? c : a.Seq.CompareTo(b.Seq);
        }));
    }

    private protected override int StoredCount => _heap.Count;

    private protected override void Store(T item) => _heap.Enqueue(item, (item, _seq++));

    private protected override T Take() => _heap.Dequeue();

    private protected override void ClearStore() => _heap.Clear();
}
