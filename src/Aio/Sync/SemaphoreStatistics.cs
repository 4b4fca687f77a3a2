namespace Aio;

/// <summary>A snapshot of a <see cref="AsyncSemaphore"/>.</summary>
/// <param name="Value">Free permits (asyncio's <c>_value</c>).</param>
/// <param name="InitialValue">The value the semaphore was created with.</param>
/// <param name="Waiting">Tasks parked in <see cref="AsyncSemaphore.AcquireAsync"/>.</param>
public sealed record SemaphoreStatistics(int Value, int InitialValue, int Waiting);
