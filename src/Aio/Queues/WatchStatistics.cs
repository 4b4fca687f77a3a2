namespace Aio;

/// <summary>A snapshot of a <see cref="WatchChannel{T}"/>.</summary>
/// <param name="Version">How many values were sent after the initial one.</param>
/// <param name="Subscribers">Live subscriptions.</param>
/// <param name="Waiting">Subscribers parked waiting for a change.</param>
/// <param name="IsShutDown">Whether the channel was shut down.</param>
public sealed record WatchStatistics(long Version, int Subscribers, int Waiting, bool IsShutDown);
