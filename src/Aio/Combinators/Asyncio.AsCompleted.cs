using System.Runtime.CompilerServices;

namespace Aio;

public static partial class Asyncio
{
    /// <summary>
    /// Yields the given futures or tasks in the order they complete: asyncio's <c>async for t in
    /// as_completed(aws)</c> (3.13, yields the original objects). If <paramref name="timeoutSeconds"/> passes
    /// first, the enumeration raises <see cref="TimeoutException"/>; the remaining work is not cancelled.
    /// </summary>
    public static async IAsyncEnumerable<TFuture> AsCompleted<TFuture>(
        IEnumerable<TFuture> futures, double? timeoutSeconds = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        where TFuture : Future
    {
        ArgumentNullException.ThrowIfNull(futures);
        var todo = new HashSet<TFuture>(futures, ReferenceEqualityComparer.Instance).ToList();
        var loop = GetRunningLoop();
        var sink = new CompletionQueue();
        foreach (var f in todo)
        {
            f.AddSink(sink);
        }

        var timer = timeoutSeconds is { } t ? loop.CallLater(t, sink.Expire) : null;
        try
        {
            for (var i = 0; i < todo.Count; i++)
            {
                while (sink.Done.Count == 0)
                {
                    if (sink.Expired)
                    {
                        throw new TimeoutException("The operation has timed out.");
                    }

                    cancellationToken.ThrowIfCancellationRequested();
                    sink.Wake = new Future<bool>(loop);
                    await sink.Wake;
                }

                yield return (TFuture)sink.Done.Dequeue();
            }
        }
        finally
        {
            timer?.Cancel();
            foreach (var f in todo)
            {
                f.RemoveSink(sink);
            }
        }
    }

    /// <summary>Runs each coroutine as a task and yields the tasks in completion order.</summary>
    public static IAsyncEnumerable<AioTask<T>> AsCompleted<T>(IEnumerable<Func<Task<T>>> coroutines, double? timeoutSeconds = null) =>
        AsCompleted(coroutines.Select(c => CreateTask(c)).ToList(), timeoutSeconds);

    private sealed class CompletionQueue : IFutureSink
    {
        public Queue<Future> Done { get; } = new();

        public Future<bool>? Wake { get; set; }

        public bool Expired { get; private set; }

        public void Expire()
        {
            Expired = true;
            Wake?.TrySetResult(true);
        }

        public void OnFutureDone(Future future)
        {
            Done.Enqueue(future);
            Wake?.TrySetResult(true);
        }
    }
}
