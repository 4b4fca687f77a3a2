using System.Threading.Tasks.Sources;

namespace Aio.BenchSupport;

/// <summary>
/// The least a single-threaded loop of C# coroutines can do: queue continuations and run them in order, with one
/// pooled awaitable that re-queues its awaiter. No tasks, contexts, cancellation or thread checks, so what a
/// coroutine costs here is .NET's async machinery alone, the floor under any loop's task switch.
/// </summary>
internal static class BareLoop
{
    private static readonly Queue<(Action<object?> Continuation, object? State)> s_ready = new();
    private static readonly Stack<Yield> s_pool = new();
    private static int s_finished;

    /// <summary>How many <see cref="Worker"/> coroutines have run to their end.</summary>
    public static int Finished => s_finished;

    /// <summary>A coroutine that yields <paramref name="yields"/> times; its first step runs in the call.</summary>
    public static async Task Worker(int yields)
    {
        for (var i = 0; i < yields; i++)
        {
            var y = s_pool.TryPop(out var pooled) ? pooled : new Yield();
            await new ValueTask(y, y.Version);
        }

        s_finished++;
    }

    /// <summary>
    /// Grows the queue to <paramref name="continuations"/> entries ahead of a measurement, so that its doublings
    /// (large arrays, which a full collection reclaims) are not counted.
    /// </summary>
    public static void Reserve(int continuations) => s_ready.EnsureCapacity(continuations);

    /// <summary>Runs queued continuations until none is left.</summary>
    public static void RunAll()
    {
        while (s_ready.TryDequeue(out var e))
        {
            e.Continuation(e.State);
        }
    }

    private sealed class Yield : IValueTaskSource
    {
        public short Version;

        public ValueTaskSourceStatus GetStatus(short token) => ValueTaskSourceStatus.Pending;

        public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
            s_ready.Enqueue((continuation, state));

        public void GetResult(short token)
        {
            Version++;
            s_pool.Push(this);
        }
    }
}
