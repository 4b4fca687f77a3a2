namespace Aio;

/// <summary>A snapshot of a <see cref="BroadcastChannel{T}"/>.</summary>
/// <param name="Capacity">How many recent messages are held for slow subscribers.</param>
/// <param name="Sent">Messages sent so far.</param>
/// <param name="Subscribers">Live subscriptions.</param>
/// <param name="ReceiversWaiting">Subscribers parked in a receive.</param>
/// <param name="IsShutDown">Whether the channel was shut down.</param>
public sealed record BroadcastStatistics(int Capacity, long Sent, int Subscribers, int ReceiversWaiting, bool IsShutDown);
