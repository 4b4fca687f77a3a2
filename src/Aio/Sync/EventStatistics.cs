namespace Aio;

/// <summary>A snapshot of an <see cref="AsyncEvent"/>.</summary>
/// <param name="IsSet">Whether the flag is set.</param>
/// <param name="Waiting">Tasks parked in <see cref="AsyncEvent.WaitAsync"/>.</param>
public sealed record EventStatistics(bool IsSet, int Waiting);
