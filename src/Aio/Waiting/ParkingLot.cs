namespace Aio;

/// <summary>
/// A fair FIFO queue of parked waiters: the one wait-queue every Aio primitive, queue and channel sits on
/// (Trio's <c>ParkingLot</c>). Intrusive and loop-thread only, so parking, waking and leaving on cancellation
/// are O(1) and allocate nothing.
/// </summary>
internal sealed class ParkingLot<T>
{
    private ParkedWaiter<T>? _head;
    private ParkedWaiter<T>? _tail;

    /// <summary>How many waiters are parked.</summary>
    public int Count { get; private set; }

    /// <summary>The longest-parked waiter, or null.</summary>
    public ParkedWaiter<T>? First => _head;

    /// <summary>Appends <paramref name="waiter"/> at the tail.</summary>
    public void Park(ParkedWaiter<T> waiter)
    {
        waiter.Lot = this;
        waiter.Prev = _tail;
        waiter.Next = null;
        if (_tail is null)
        {
            _head = waiter;
        }
        else
        {
            _tail.Next = waiter;
        }

        _tail = waiter;
        Count++;
    }

    /// <summary>Takes <paramref name="waiter"/> out of the lot, wherever it stands.</summary>
    public void Remove(ParkedWaiter<T> waiter)
    {
        if (!ReferenceEquals(waiter.Lot, this))
        {
            return;
        }

        if (waiter.Prev is null)
        {
            _head = waiter.Next;
        }
        else
        {
            waiter.Prev.Next = waiter.Next;
        }

        if (waiter.Next is null)
        {
            _tail = waiter.Prev;
        }
        else
        {
            waiter.Next.Prev = waiter.Prev;
        }

        waiter.Lot = null;
        waiter.Prev = null;
        waiter.Next = null;
        Count--;
    }

    /// <summary>
    /// Wakes the first waiter with <paramref name="value"/>. With <paramref name="handOver"/> the waiter holds a
    /// reservation its owner claims when it runs, or takes back if it is cancelled first.
    /// </summary>
    public ParkedWaiter<T>? WakeFirst(T value, bool handOver)
    {
        var w = _head;
        if (w is null)
        {
            return null;
        }

        Remove(w);
        w.Woken = handOver;
        w.SetValue(value);
        w.Complete();
        return w;
    }

    /// <summary>Wakes the first waiter with a hand-over, keeping the value it parked with.</summary>
    public ParkedWaiter<T>? WakeFirst(bool handOver)
    {
        var w = _head;
        return w is null ? null : WakeFirst(w.PeekValue(), handOver);
    }

    /// <summary>Ends the first waiter's wait with <paramref name="error"/>.</summary>
    public bool FailFirst(Exception error)
    {
        var w = _head;
        if (w is null)
        {
            return false;
        }

        Remove(w);
        w.Woken = false;
        w.Complete(error);
        return true;
    }

    /// <summary>Wakes every parked waiter (without a hand-over) in FIFO order.</summary>
    public void WakeAll(T value)
    {
        while (WakeFirst(value, handOver: false) is not null)
        {
        }
    }

    /// <summary>Ends every parked waiter's wait with a fresh error from <paramref name="error"/>.</summary>
    public void FailAll(Func<Exception> error)
    {
        while (_head is not null)
        {
            FailFirst(error());
        }
    }
}
