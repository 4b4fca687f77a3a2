using System.Runtime.CompilerServices;

namespace Aio;

/// <summary>The <c>await foreach</c> enumerator of a <see cref="Queue{T}"/>: gets items until the queue is shut down and drained.</summary>
internal sealed class QueueReader<T>(Queue<T> queue, CancellationToken token) : IAsyncEnumerator<T>
{
    public T Current { get; private set; } = default!;

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<bool> MoveNextAsync()
    {
        try
        {
            Current = await queue.GetAsync(token);
            return true;
        }
        catch (QueueShutDown)
        {
            Current = default!;
            return false;
        }
    }

    public ValueTask DisposeAsync() => default;
}
