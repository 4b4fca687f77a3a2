using System.Diagnostics;

namespace Aio;

/// <summary>A flag tasks can wait for: asyncio's <c>asyncio.Event</c>. Loop thread only.</summary>
[DebuggerDisplay("{ToString(),nq}")]
public sealed class AsyncEvent : IParkingOwner<bool>
{
    private readonly ParkingLot<bool> _waiters = new();
    private EventLoop? _loop;
    private bool _set;

    /// <summary>Whether the flag is set: asyncio's <c>is_set()</c>.</summary>
    public bool IsSet => _set;

    /// <summary>
    /// Sets the flag and wakes every waiter: asyncio's <c>set()</c>. Waiters woken here return even if
    /// <see cref="Clear"/> is called before they run.
    /// </summary>
    public void Set()
    {
        LoopBound.Enter(ref _loop, this);
        if (!_set)
        {
            _set = true;
            _waiters.WakeAll(true);
        }
    }

    /// <summary>Clears the flag: asyncio's <c>clear()</c>.</summary>
    public void Clear()
    {
        LoopBound.Enter(ref _loop, this);
        _set = false;
    }

    /// <summary>
    /// Waits until the flag is set; returns at once if it is: asyncio's <c>wait()</c>. An Aio wait: the task's
    /// cancellation, enclosing cancel scopes and <paramref name="cancellationToken"/> interrupt it.
    /// </summary>
    public ValueTask WaitAsync(CancellationToken cancellationToken = default)
    {
        var context = LoopBound.Enter(ref _loop, this);
        if (_set)
        {
            return default;
        }

        var w = ParkedWaiter<bool>.Park(context, _waiters, this, false, cancellationToken);
        return new ValueTask(w, w.Version);
    }

    /// <summary>A snapshot of the event's state.</summary>
    public EventStatistics Statistics() => new(_set, _waiters.Count);

    /// <inheritdoc/>
    public override string ToString() => $"<AsyncEvent {(_set ? "set" : "unset")} waiters={_waiters.Count}>";

    void IParkingOwner<bool>.Left(ParkedWaiter<bool> waiter)
    {
    }

    bool IParkingOwner<bool>.Revoke(ParkedWaiter<bool> waiter) => true;

    void IParkingOwner<bool>.Claim(ParkedWaiter<bool> waiter, ref Exception? error)
    {
    }

    bool IParkingOwner<bool>.CancelParked(ParkedWaiter<bool> waiter, CancelledError error) => false;
}
