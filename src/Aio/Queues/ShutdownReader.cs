using System.Runtime.CompilerServices;

namespace Aio;

/// <summary>
/// The <c>await foreach</c> enumerator of queues and channels: receives until the source is shut down and drained
/// (<see cref="QueueShutDown"/> ends the loop; every other error propagates).
/// </summary>
internal sealed class ShutdownReader<T>(Func<CancellationToken, ValueTask<T>> receive, CancellationToken token) : IAsyncEnumerator<T>
{
    public T Current { get; private set; } = default!;

    [AsyncMethodBuilder(typeof(AioMethodBuilder<>))]
    public async ValueTask<bool> MoveNextAsync()
    {
        try
        {
            Current = await receive(token);
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
