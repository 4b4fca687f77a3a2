namespace Aio;

/// <summary>A snapshot of a <see cref="AsyncLock"/>, as Trio's <c>AsyncLock.statistics()</c> gives.</summary>
/// <param name="Locked">Whether the lock is held.</param>
/// <param name="Owner">The task holding it; null when free or held outside any task.</param>
/// <param name="Waiting">Tasks parked in <see cref="AsyncLock.AcquireAsync"/>.</param>
/// <param name="HandingOver">Whether the lock was released to a woken waiter that has not run yet.</param>
public sealed record LockStatistics(bool Locked, AioTask? Owner, int Waiting, bool HandingOver);
