using System.Diagnostics;

namespace Aio;

/// <summary>
/// A channel that holds one value, the latest, and lets subscribers wait for it to change (beyond asyncio;
/// Tokio's <c>watch</c>). Sending never waits and overwrites; a subscriber sees the newest value, skipping the
/// ones it was too slow to read, and never misses that a change happened.
/// </summary>
/// <remarks>Waits sit on the same fair wait queue as Aio's primitives. Loop thread only.</remarks>
[DebuggerDisplay("{ToString(),nq}")]
public sealed class WatchChannel<T>
{
    private EventLoop? _loop;
    private T _value;
    private bool _shutdown;

    /// <summary>Creates a channel holding <paramref name="initial"/> (version 0).</summary>
    public WatchChannel(T initial) => _value = initial;

    /// <summary>The latest value.</summary>
    public T Value => _value;

    /// <summary>How many values were sent; each <see cref="Send"/> adds one.</summary>
    public long Version { get; private set; }

    /// <summary>Live subscriptions.</summary>
    public int Subscribers { get; private set; }

    /// <summary>Whether <see cref="Shutdown"/> was called.</summary>
    public bool IsShutDown => _shutdown;

    internal ParkingLot<T> Watchers { get; } = new();

    /// <summary>Replaces the value and wakes every subscriber waiting for a change.</summary>
    /// <exception cref="QueueShutDown">The channel is shut down.</exception>
    public void Send(T value)
    {
        Enter();
        if (_shutdown)
        {
            throw new QueueShutDown("The watch channel is shut down.");
        }

        _value = value;
        Version++;
        while (Watchers.First is not null)
        {
            Watchers.WakeFirst(value, handOver: true);
        }
    }

    /// <summary>Subscribes; the current value counts as seen, so the first change wakes the subscriber.</summary>
    public WatchSubscription<T> Subscribe()
    {
        Enter();
        Subscribers++;
        return new WatchSubscription<T>(this, Version);
    }

    /// <summary>
    /// Shuts the channel down: sends fail with <see cref="QueueShutDown"/>; a subscriber still gets a change it
    /// has not seen, then its waits fail with <see cref="QueueShutDown"/> (ending an <c>await foreach</c>).
    /// </summary>
    public void Shutdown()
    {
        Enter();
        _shutdown = true;
        while (Watchers.First is { } w)
        {
            ((WatchSubscription<T>)w.Owner).Waiting = false;
            Watchers.FailFirst(new QueueShutDown("The watch channel is shut down."));
        }
    }

    /// <summary>A snapshot of the channel's state.</summary>
    public WatchStatistics Statistics() => new(Version, Subscribers, Watchers.Count, _shutdown);

    /// <inheritdoc/>
    public override string ToString() =>
        $"<WatchChannel version={Version} value={_value} subscribers={Subscribers}{(_shutdown ? " shutdown" : "")}>";

    internal AioContext Enter() => LoopBound.Enter(ref _loop, this);

    internal void Unsubscribe() => Subscribers--;
}
