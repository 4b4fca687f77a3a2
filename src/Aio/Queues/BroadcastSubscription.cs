using System.Diagnostics;

namespace Aio;

/// <summary>
/// One subscriber of a <see cref="BroadcastChannel{T}"/>: receives every message sent after it subscribed, in
/// order, one receive at a time. Consumable with <c>await foreach</c> until the channel is shut down.
/// </summary>
[DebuggerDisplay("{ToString(),nq}")]
public sealed class BroadcastSubscription<T> : IParkingOwner<T>, IAsyncEnumerable<T>, IDisposable
{
    private readonly BroadcastChannel<T> _channel;
    private long _next;
    private bool _disposed;

    internal BroadcastSubscription(BroadcastChannel<T> channel, long next)
    {
        _channel = channel;
        _next = next;
    }

    /// <summary>Messages sent and not yet received by this subscriber (including any it will be told it missed).</summary>
    public long Pending => _channel.Sent - _next;

    internal bool Receiving { get; set; }

    /// <summary>
    /// Receives the next message, waiting until one is sent. An Aio wait: the task's cancellation, enclosing cancel
    /// scopes and <paramref name="cancellationToken"/> interrupt it, and the message stays for the next receive.
    /// </summary>
    /// <exception cref="BroadcastLagged">Messages were overwritten before this subscriber read them; the next receive goes on.</exception>
    /// <exception cref="QueueShutDown">The channel is shut down and this subscriber has read everything held for it.</exception>
    /// <exception cref="InvalidOperationException">Another receive on this subscription is still waiting.</exception>
    /// <exception cref="ObjectDisposedException">The subscription was disposed.</exception>
    public ValueTask<T> ReceiveAsync(CancellationToken cancellationToken = default)
    {
        var context = _channel.Enter();
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (Receiving)
        {
            throw new InvalidOperationException("A broadcast subscription has one reader: another ReceiveAsync is still waiting.");
        }

        var oldest = _channel.Oldest;
        if (_next < oldest)
        {
            var missed = oldest - _next;
            _next = oldest;
            return ValueTask.FromException<T>(new BroadcastLagged(missed));
        }

        if (_next < _channel.Sent && !cancellationToken.IsCancellationRequested)
        {
            return new ValueTask<T>(_channel.MessageAt(_next++));
        }

        if (_channel.IsShutDown && _next >= _channel.Sent)
        {
            return ValueTask.FromException<T>(new QueueShutDown("The broadcast channel is shut down."));
        }

        Receiving = true;
        var w = ParkedWaiter<T>.Park(context, _channel.Receivers, this, default!, cancellationToken);
        return new ValueTask<T>(w, w.Version);
    }

    /// <summary>Leaves the channel; further receives throw <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            _channel.Unsubscribe();
        }
    }

    /// <summary>Receives with <c>await foreach</c> until the channel is shut down; a lag throws <see cref="BroadcastLagged"/>.</summary>
    public IAsyncEnumerator<T> GetAsyncEnumerator(CancellationToken cancellationToken = default) =>
        new ShutdownReader<T>(ReceiveAsync, cancellationToken);

    /// <inheritdoc/>
    public override string ToString() => $"<BroadcastSubscription pending={Pending}{(_disposed ? " disposed" : "")}>";

    void IParkingOwner<T>.Left(ParkedWaiter<T> waiter) => Receiving = false;

    bool IParkingOwner<T>.Revoke(ParkedWaiter<T> waiter)
    {
        // The message stays in the channel's buffer: the next receive reads it (or learns it was lost).
        waiter.Woken = false;
        Receiving = false;
        return true;
    }

    void IParkingOwner<T>.Claim(ParkedWaiter<T> waiter, ref Exception? error)
    {
        Receiving = false;
        _next++;
    }

    bool IParkingOwner<T>.CancelParked(ParkedWaiter<T> waiter, CancelledError error) => false;
}
