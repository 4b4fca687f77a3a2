namespace Aio;

/// <summary>A snapshot of an <see cref="Event"/>.</summary>
/// <param name="IsSet">Whether the flag is set.</param>
/// <param name="Waiting">Tasks parked in <see cref="Event.WaitAsync"/>.</param>
public sealed record EventStatistics(bool IsSet, int Waiting);
