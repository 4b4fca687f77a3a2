namespace Aio;

/// <summary>
/// The loop's FIFO of ready callbacks: a growable ring of structs, touched only by the loop thread,
/// so scheduling allocates nothing once the ring has grown to the working size.
/// </summary>
internal sealed class ReadyQueue
{
    internal struct Entry
    {
        public object Callback;
        public object? State;
        public AioContext? Context;
    }

    private Entry[] _items = new Entry[256];
    private int _head;
    private int _count;

    public int Count => _count;

    public void Enqueue(object callback, object? state, AioContext? context)
    {
        if (_count == _items.Length)
        {
            Grow();
        }

        ref var slot = ref _items[(_head + _count) & (_items.Length - 1)];
        slot.Callback = callback;
        slot.State = state;
        slot.Context = context;
        _count++;
    }

    public Entry Dequeue()
    {
        ref var slot = ref _items[_head];
        var entry = slot;
        slot = default;
        _head = (_head + 1) & (_items.Length - 1);
        _count--;
        return entry;
    }

    public void Clear()
    {
        Array.Clear(_items);
        _head = 0;
        _count = 0;
    }

    private void Grow()
    {
        var bigger = new Entry[_items.Length * 2];
        for (var i = 0; i < _count; i++)
        {
            bigger[i] = _items[(_head + i) & (_items.Length - 1)];
        }

        _items = bigger;
        _head = 0;
    }
}
