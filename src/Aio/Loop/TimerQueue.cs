namespace Aio;

/// <summary>Something the timer heap can hold; it remembers its slot so it can be removed in O(log n).</summary>
internal interface ITimerEntry
{
    /// <summary>The slot in the heap, or -1 when not scheduled.</summary>
    int HeapIndex { get; set; }

    /// <summary>Called by the loop when the deadline is reached (the entry is already out of the heap).</summary>
    void Fire();
}

/// <summary>
/// Binary min-heap of timers ordered by (deadline, sequence): equal deadlines fire in scheduling order.
/// Cancelled timers are removed at once, so the heap never holds dead entries. Loop thread only.
/// </summary>
internal sealed class TimerQueue
{
    private struct Node
    {
        public long When;
        public long Seq;
        public ITimerEntry Entry;
    }

    private Node[] _heap = new Node[64];
    private int _count;
    private long _seq;

    private int _dead;

    public int Count => _count;

    public long PeekWhen => _heap[0].When;

    /// <summary>
    /// A cancelled public timer stays in the heap (asyncio's lazy cancel: O(1) instead of an O(log n) removal);
    /// it is dropped when it reaches the top, or all at once when dead entries outnumber live ones.
    /// </summary>
    public void MarkDead()
    {
        _dead++;
        if (_dead > 100 && _dead * 2 > _count)
        {
            Compact();
        }
    }

    /// <summary>Drops dead entries from the top so the next deadline is a live one.</summary>
    public void PruneTop()
    {
        while (_dead > 0 && _count > 0 && IsDead(_heap[0].Entry))
        {
            Pop();
        }
    }

    private static bool IsDead(ITimerEntry e) => e is TimerHandle { Cancelled: true };

    private void Compact()
    {
        var n = 0;
        for (var i = 0; i < _count; i++)
        {
            if (IsDead(_heap[i].Entry))
            {
                _heap[i].Entry.HeapIndex = -1;
            }
            else
            {
                _heap[n++] = _heap[i];
            }
        }

        Array.Clear(_heap, n, _count - n);
        _count = n;
        _dead = 0;
        for (var i = 0; i < n; i++)
        {
            _heap[i].Entry.HeapIndex = i;
        }

        for (var i = (n / 2) - 1; i >= 0; i--)
        {
            SiftDown(i);
        }
    }

    public void Add(ITimerEntry entry, long when)
    {
        if (_count == _heap.Length)
        {
            Array.Resize(ref _heap, _heap.Length * 2);
        }

        var i = _count++;
        _heap[i] = new Node { When = when, Seq = _seq++, Entry = entry };
        entry.HeapIndex = i;
        SiftUp(i);
    }

    public void Remove(ITimerEntry entry)
    {
        var i = entry.HeapIndex;
        if (i < 0 || i >= _count || !ReferenceEquals(_heap[i].Entry, entry))
        {
            return;
        }

        entry.HeapIndex = -1;
        var last = --_count;
        if (i != last)
        {
            _heap[i] = _heap[last];
            _heap[i].Entry.HeapIndex = i;
            _heap[last] = default;
            if (!SiftUp(i))
            {
                SiftDown(i);
            }
        }
        else
        {
            _heap[last] = default;
        }
    }

    public ITimerEntry Pop() => Pop(out _);

    public ITimerEntry Pop(out long when)
    {
        when = _heap[0].When;
        var top = _heap[0].Entry;
        if (_dead > 0 && IsDead(top))
        {
            _dead--;
        }

        top.HeapIndex = -1;
        var last = --_count;
        if (last > 0)
        {
            _heap[0] = _heap[last];
            _heap[0].Entry.HeapIndex = 0;
            _heap[last] = default;
            SiftDown(0);
        }
        else
        {
            _heap[0] = default;
        }

        return top;
    }

    public void Clear()
    {
        for (var i = 0; i < _count; i++)
        {
            _heap[i].Entry.HeapIndex = -1;
        }

        Array.Clear(_heap);
        _count = 0;
        _dead = 0;
    }

    private static bool Less(in Node a, in Node b) => a.When < b.When || (a.When == b.When && a.Seq < b.Seq);

    private bool SiftUp(int i)
    {
        var moved = false;
        var node = _heap[i];
        while (i > 0)
        {
            var parent = (i - 1) >> 1;
            if (!Less(node, _heap[parent]))
            {
                break;
            }

            _heap[i] = _heap[parent];
            _heap[i].Entry.HeapIndex = i;
            i = parent;
            moved = true;
        }

        _heap[i] = node;
        node.Entry.HeapIndex = i;
        return moved;
    }

    private void SiftDown(int i)
    {
        var node = _heap[i];
        while (true)
        {
            var child = (2 * i) + 1;
            if (child >= _count)
            {
                break;
            }

            if (child + 1 < _count && Less(_heap[child + 1], _heap[child]))
            {
                child++;
            }

            if (!Less(_heap[child], node))
            {
                break;
            }

            _heap[i] = _heap[child];
            _heap[i].Entry.HeapIndex = i;
            i = child;
        }

        _heap[i] = node;
        node.Entry.HeapIndex = i;
    }
}
