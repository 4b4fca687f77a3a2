namespace Aio;

/// <summary>A snapshot of a <see cref="AsyncBarrier"/>.</summary>
/// <param name="Parties">The number of tasks that must arrive to pass.</param>
/// <param name="Waiting">Tasks parked in <see cref="AsyncBarrier.WaitAsync"/> (asyncio's <c>n_waiting</c>).</param>
/// <param name="Broken">Whether the barrier is broken (asyncio's <c>broken</c>).</param>
public sealed record BarrierStatistics(int Parties, int Waiting, bool Broken);
