namespace Aio;

/// <summary>A snapshot of a <see cref="AsyncCondition"/>.</summary>
/// <param name="Waiting">Tasks parked in <see cref="AsyncCondition.WaitAsync"/> that were not notified yet.</param>
/// <param name="Lock">The statistics of the underlying lock (notified waiters queue there to re-acquire it).</param>
public sealed record ConditionStatistics(int Waiting, LockStatistics Lock);
