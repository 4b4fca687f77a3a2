namespace Aio;

/// <summary>Something the timer heap can hold.</summary>
internal interface ITimerEntry
{
    /// <summary>
    /// The key of the entry's live node in the heap (<see cref="TimerQueue"/> sets it), or -1 when not scheduled. A
    /// node whose key no longer matches its entry's is dead: the entry was removed, or removed and added again.
    /// </summary>
    long TimerKey { get; set; }

    /// <summary>Called by the loop when the deadline is reached (the entry is already out of the heap).</summary>
    void Fire();
}

/// <summary>
/// Binary min-heap of timers ordered by (deadline, sequence): equal deadlines fire in scheduling order. Loop
/// thread only.
/// </summary>
/// <remarks>
/// Sifting moves nodes within one array and never touches the entries: an entry knows only its node's key, not
/// its slot, so a pop costs no cache miss per level on entries spread over the heap. The price is that removal is
/// lazy, as asyncio's cancelled timers are: the entry forgets its key and its node stays behind, dead, until it
/// reaches the top or dead nodes outnumber live ones and the heap is rebuilt without them. The top node is always
/// live, so <see cref="PeekWhen"/> is the next real deadline.
/// </remarks>
internal sealed class TimerQueue
{
    private const int CompactAbove = 100;

    private struct Node
    {
        public long When;
        public long Seq;
        public ITimerEntry Entry;

        public readonly bool IsLive => Entry.TimerKey == Seq;
    }

    private Node[] _heap = new Node[64];
    private int _count;
    private long _seq;
    private int _dead;

    /// <summary>How many timers are scheduled (dead nodes not counted).</summary>
    public int Count => _count - _dead;

    /// <summary>The next deadline; only while <see cref="Count"/> is positive.</summary>
    public long PeekWhen => _heap[0].When;

    /// <summary>Schedules <paramref name="entry"/> at <paramref name="when"/>; it must not be scheduled already.</summary>
    public void Add(ITimerEntry entry, long when)
    {
        if (_count == _heap.Length)
        {
            Array.Resize(ref _heap, _heap.Length * 2);
        }

        var seq = _seq++;
        entry.TimerKey = seq;
        _heap[_count] = new Node { When = when, Seq = seq, Entry = entry };
        SiftUp(_count++);
    }

    /// <summary>Unschedules <paramref name="entry"/>; nothing happens if it is not scheduled.</summary>
    public void Remove(ITimerEntry entry)
    {
        var key = entry.TimerKey;
        if (key < 0)
        {
            return;
        }

        entry.TimerKey = -1;
        if (_count > 0 && _heap[0].Seq == key)
        {
            RemoveTop();
            DropDeadTop();
            return;
        }

        _dead++;
        if (_dead > CompactAbove && _dead * 2 > _count)
        {
            Compact();
        }
    }

    /// <summary>Takes the entry with the next deadline out; only while <see cref="Count"/> is positive.</summary>
    public ITimerEntry Pop() => Pop(out _);

    /// <inheritdoc cref="Pop()"/>
    public ITimerEntry Pop(out long when)
    {
        when = _heap[0].When;
        var top = _heap[0].Entry;
        top.TimerKey = -1;
        RemoveTop();
        DropDeadTop();
        return top;
    }

    /// <summary>Unschedules everything.</summary>
    public void Clear()
    {
        for (var i = 0; i < _count; i++)
        {
            if (_heap[i].IsLive)
            {
                _heap[i].Entry.TimerKey = -1;
            }
        }

        Array.Clear(_heap, 0, _count);
        _count = 0;
        _dead = 0;
    }

    private static bool Less(in Node a, in Node b) => a.When < b.When || (a.When == b.When && a.Seq < b.Seq);

    private void DropDeadTop()
    {
        while (_dead > 0 && _count > 0 && !_heap[0].IsLive)
        {
            RemoveTop();
            _dead--;
        }
    }

    private void RemoveTop()
    {
        var last = --_count;
        if (last > 0)
        {
            _heap[0] = _heap[last];
            _heap[last] = default;
            SiftDown(0);
        }
        else
        {
            _heap[0] = default;
        }
    }

    private void Compact()
    {
        var n = 0;
        for (var i = 0; i < _count; i++)
        {
            if (_heap[i].IsLive)
            {
                _heap[n++] = _heap[i];
            }
        }

        Array.Clear(_heap, n, _count - n);
        _count = n;
        _dead = 0;
        for (var i = (n / 2) - 1; i >= 0; i--)
        {
            SiftDown(i);
        }
    }

    private void SiftUp(int i)
    {
        var node = _heap[i];
        while (i > 0)
        {
            var parent = (i - 1) >> 1;
            if (!Less(node, _heap[parent]))
            {
                break;
            }

            _heap[i] = _heap[parent];
            i = parent;
        }

        _heap[i] = node;
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
            i = child;
        }

        _heap[i] = node;
    }
}
