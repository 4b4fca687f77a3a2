namespace Aio;

/// <summary>A snapshot of a <see cref="AsyncQueue{T}"/> (or a priority or LIFO queue).</summary>
/// <param name="Count">Items in the queue (asyncio's <c>qsize()</c>).</param>
/// <param name="MaxSize">The bound; 0 means unbounded.</param>
/// <param name="GettersWaiting">Tasks parked in <see cref="AsyncQueue{T}.GetAsync"/>.</param>
/// <param name="PuttersWaiting">Tasks parked in <see cref="AsyncQueue{T}.PutAsync"/>.</param>
/// <param name="Unfinished">Items put and not yet marked done with <see cref="AsyncQueue{T}.TaskDone"/>.</param>
/// <param name="IsShutDown">Whether <see cref="AsyncQueue{T}.Shutdown"/> was called.</param>
public sealed record QueueStatistics(int Count, int MaxSize, int GettersWaiting, int PuttersWaiting, int Unfinished, bool IsShutDown);
