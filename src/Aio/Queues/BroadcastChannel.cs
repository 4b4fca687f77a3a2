using System.Diagnostics;

namespace Aio;

/// <summary>
/// A channel where every subscriber sees every message (beyond asyncio; Tokio's <c>broadcast</c>). Sending never
/// waits: the channel holds the last <see cref="Capacity"/> messages, and a subscriber that falls further behind
/// is told how many it missed (<see cref="BroadcastLagged"/>) and goes on with the oldest message held.
/// </summary>
/// <remarks>
/// A subscriber sees the messages sent after it subscribed. Receives wait on the same fair wait queue as Aio's
/// primitives; a receive cancelled after it was woken leaves its message for the next receive. Loop thread only.
/// </remarks>
[DebuggerDisplay("{ToString(),nq}")]
public sealed class BroadcastChannel<T>
{
    private readonly T[] _buffer;
    private EventLoop? _loop;
    private long _sent;
    private bool _shutdown;

    /// <summary>Creates a channel that holds the last <paramref name="capacity"/> messages.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is less than 1.</exception>
    public BroadcastChannel(int capacity)
    {
        if (capacity < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "capacity must be > 0");
        }

        _buffer = new T[capacity];
    }

    /// <summary>How many recent messages the channel holds for slow subscribers.</summary>
    public int Capacity => _buffer.Length;

    /// <summary>Live subscriptions.</summary>
    public int Subscribers { get; private set; }

    /// <summary>Whether <see cref="Shutdown"/> was called.</summary>
    public bool IsShutDown => _shutdown;

    internal ParkingLot<T> Receivers { get; } = new();

    internal long Sent => _sent;

    /// <summary>The sequence number of the oldest message still held.</summary>
    internal long Oldest => Math.Max(0, _sent - _buffer.Length);

    /// <summary>
    /// Sends <paramref name="message"/> to every subscriber without waiting, overwriting the oldest message when
    /// the channel is at capacity. Returns how many subscribers will see it.
    /// </summary>
    /// <exception cref="QueueShutDown">The channel is shut down.</exception>
    public int Send(T message)
    {
        Enter();
        if (_shutdown)
        {
            throw new QueueShutDown("The broadcast channel is shut down.");
        }

        _buffer[_sent % _buffer.Length] = message;
        _sent++;
        while (Receivers.First is not null)
        {
            Receivers.WakeFirst(message, handOver: true);
        }

        return Subscribers;
    }

    /// <summary>Subscribes to the messages sent from now on. Dispose the subscription to leave.</summary>
    public BroadcastSubscription<T> Subscribe()
    {
        Enter();
        Subscribers++;
        return new BroadcastSubscription<T>(this, _sent);
    }

    /// <summary>
    /// Shuts the channel down: sends fail with <see cref="QueueShutDown"/>; subscribers read what is held for them,
    /// then their receives fail with <see cref="QueueShutDown"/> (ending an <c>await foreach</c>).
    /// </summary>
    public void Shutdown()
    {
        Enter();
        _shutdown = true;
        while (Receivers.First is { } w)
        {
            ((BroadcastSubscription<T>)w.Owner).Receiving = false;
            Receivers.FailFirst(new QueueShutDown("The broadcast channel is shut down."));
        }
    }

    /// <summary>A snapshot of the channel's state.</summary>
    public BroadcastStatistics Statistics() => new(_buffer.Length, _sent, Subscribers, Receivers.Count, _shutdown);

    /// <inheritdoc/>
    public override string ToString() =>
        $"<BroadcastChannel capacity={_buffer.Length} sent={_sent} subscribers={Subscribers} waiting={Receivers.Count}{(_shutdown ? " shutdown" : "")}>";

    internal AioContext Enter() => LoopBound.Enter(ref _loop, this);

    internal T MessageAt(long seq) => _buffer[seq % _buffer.Length];

    internal void Unsubscribe() => Subscribers--;
}
