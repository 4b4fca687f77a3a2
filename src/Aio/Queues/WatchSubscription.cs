using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Aio;

/// <summary>
/// One subscriber of a <see cref="WatchChannel{T}"/>: remembers which version it has seen and waits for a newer
/// one, one wait at a time. Consumable with <c>await foreach</c> (each step is the newest value after a change)
/// until the channel is shut down.
/// </summary>
[DebuggerDisplay("{ToString(),nq}")]
public sealed class WatchSubscription<T> : IParkingOwner<T>, IAsyncEnumerable<T>, IDisposable
{
    private readonly WatchChannel<T> _channel;
    private long _seen;
    private bool _disposed;

    internal WatchSubscription(WatchChannel<T> channel, long seen)
    {
        _channel = channel;
        _seen = seen;
    }

    /// <summary>The latest value, without marking it seen.</summary>
    public T Value => _channel.Value;

    /// <summary>Whether a value newer than the last one seen was sent.</summary>
    public bool HasChanged => _channel.Version > _seen;

    internal bool Waiting { get; set; }

    /// <summary>
    /// Waits until the value changes after the last one seen (returns at once if it already has), marks it seen
    /// and returns it. An Aio wait: the task's cancellation, enclosing cancel scopes and
    /// <paramref name="cancellationToken"/> interrupt it, and the change stays unseen.
    /// </summary>
    /// <exception cref="QueueShutDown">The channel is shut down and no unseen change is left.</exception>
    /// <exception cref="InvalidOperationException">Another wait on this subscription is still pending.</exception>
    /// <exception cref="ObjectDisposedException">The subscription was disposed.</exception>
    public ValueTask<T> ChangedAsync(CancellationToken cancellationToken = default)
    {
        var context = _channel.Enter();
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (Waiting)
        {
            throw new InvalidOperationException("A watch subscription has one reader: another ChangedAsync is still waiting.");
        }

        if (HasChanged && !cancellationToken.IsCancellationRequested)
        {
            _seen = _channel.Version;
            return new ValueTask<T>(_channel.Value);
        }

        if (_channel.IsShutDown && !HasChanged)
        {
            return ValueTask.FromException<T>(new QueueShutDown("The watch channel is shut down."));
        }

        Waiting = true;
        var w = ParkedWaiter<T>.Park(context, _channel.Watchers, this, default!, cancellationToken);
        return new ValueTask<T>(w, w.Version);
    }

    /// <summary>
    /// Waits until <paramref name="predicate"/> holds for the latest value (checking the current one first), marks
    /// it seen and returns it (Tokio's <c>wait_for</c>). Interrupted like <see cref="ChangedAsync"/>.
    /// </summary>
    [AsyncMethodBuilder(typeof(AioMethodBuilder<>))]
    public async ValueTask<T> WaitForAsync(Func<T, bool> predicate, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        _channel.Enter();
        _seen = _channel.Version;
        var value = _channel.Value;
        while (!predicate(value))
        {
            value = await ChangedAsync(cancellationToken);
        }

        return value;
    }

    /// <summary>Leaves the channel; further waits throw <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            _channel.Unsubscribe();
        }
    }

    /// <summary>Yields the newest value after each change with <c>await foreach</c> until the channel is shut down.</summary>
    public IAsyncEnumerator<T> GetAsyncEnumerator(CancellationToken cancellationToken = default) =>
        new ShutdownReader<T>(ChangedAsync, cancellationToken);

    /// <inheritdoc/>
    public override string ToString() => $"<WatchSubscription seen={_seen} version={_channel.Version}{(_disposed ? " disposed" : "")}>";

    void IParkingOwner<T>.Left(ParkedWaiter<T> waiter) => Waiting = false;

    bool IParkingOwner<T>.Revoke(ParkedWaiter<T> waiter)
    {
        waiter.Woken = false;
        Waiting = false;
        return true;
    }

    void IParkingOwner<T>.Claim(ParkedWaiter<T> waiter, ref Exception? error)
    {
        // The newest value at the time the task runs, not the one that woke it.
        Waiting = false;
        _seen = _channel.Version;
        waiter.SetValue(_channel.Value);
    }

    bool IParkingOwner<T>.CancelParked(ParkedWaiter<T> waiter, CancelledError error) => false;
}
