namespace Aio;

/// <summary>
/// The loop's FIFO of ready callbacks: a chain of fixed-size segments of structs, touched only by the loop
/// thread. Scheduling allocates nothing once enough segments exist; a burst (a million tasks created at once)
/// adds segments instead of doubling and copying one large array, and the segments a drain frees are reused.
/// </summary>
internal sealed class ReadyQueue
{
    private const int SegmentSize = 1024; // 24 KiB of entries: below the large-object heap's threshold
    private const int MaxSpareSegments = 4;

    private Segment _head;
    private Segment _tail;
    private Segment? _spare;
    private int _spareCount;
    private int _headIndex;
    private int _tailIndex;
    private int _count;

    public ReadyQueue()
    {
        _head = _tail = new Segment();
    }

    public int Count => _count;

    public void Enqueue(object callback, object? state, AioContext? context)
    {
        if (_tailIndex == SegmentSize)
        {
            var next = RentSegment();
            _tail.Next = next;
            _tail = next;
            _tailIndex = 0;
        }

        ref var slot = ref _tail.Items[_tailIndex++];
        slot.Callback = callback;
        slot.State = state;
        slot.Context = context;
        _count++;
    }

    public Entry Dequeue()
    {
        var segment = _head;
        ref var slot = ref segment.Items[_headIndex];
        var entry = slot;
        slot = default;
        _count--;
        if (++_headIndex == SegmentSize)
        {
            _headIndex = 0;
            if (segment.Next is { } next)
            {
                _head = next;
                ReturnSegment(segment);
            }
            else
            {
                _tailIndex = 0;
            }
        }
        else if (_count == 0)
        {
            // Empty: the head segment is also the tail; start over at its beginning to stay in warm memory.
            _headIndex = 0;
            _tailIndex = 0;
        }

        return entry;
    }

    public void Clear()
    {
        for (var s = _head; s is not null; s = s.Next)
        {
            Array.Clear(s.Items);
        }

        _head.Next = null;
        _tail = _head;
        _headIndex = 0;
        _tailIndex = 0;
        _count = 0;
    }

    private Segment RentSegment()
    {
        if (_spare is { } s)
        {
            _spare = s.Next;
            _spareCount--;
            s.Next = null;
            return s;
        }

        return new Segment();
    }

    private void ReturnSegment(Segment segment)
    {
        segment.Next = null;
        if (_spareCount < MaxSpareSegments)
        {
            segment.Next = _spare;
            _spare = segment;
            _spareCount++;
        }
    }

    internal struct Entry
    {
        public object Callback;
        public object? State;
        public AioContext? Context;
    }

    private sealed class Segment
    {
        public readonly Entry[] Items = new Entry[SegmentSize];
        public Segment? Next;
    }
}
