namespace Aio;

public static partial class Asyncio
{
    /// <summary>
    /// Waits until the condition in <paramref name="returnWhen"/> holds or <paramref name="timeoutSeconds"/>
    /// passes and returns the done and pending sets: asyncio's <c>wait()</c>. Never raises on timeout and never
    /// cancels anything, also when the waiting task itself is cancelled.
    /// </summary>
    /// <exception cref="ArgumentException">No futures were given.</exception>
    public static async Task<(IReadOnlySet<TFuture> Done, IReadOnlySet<TFuture> Pending)> Wait<TFuture>(
        IEnumerable<TFuture> futures, double? timeoutSeconds = null, ReturnWhen returnWhen = ReturnWhen.AllCompleted)
        where TFuture : Future
    {
        ArgumentNullException.ThrowIfNull(futures);
        if (!Enum.IsDefined(returnWhen))
        {
            throw new ArgumentException($"Invalid return_when value: {returnWhen}", nameof(returnWhen));
        }

        var set = new HashSet<TFuture>(futures, ReferenceEqualityComparer.Instance);
        if (set.Count == 0)
        {
            throw new ArgumentException("Set of Tasks/Futures is empty.", nameof(futures));
        }

        var loop = GetRunningLoop();
        if (set.Any(f => f.Loop != loop))
        {
            throw new ArgumentException("all futures given to Wait must belong to the running loop", nameof(futures));
        }

        if (!Satisfied(set, returnWhen) && (timeoutSeconds is null || timeoutSeconds > 0))
        {
            var wake = new Future<bool>(loop);
            var sink = new WaitSink(wake, returnWhen, set.Count(f => !f.Done));
            foreach (var f in set)
            {
                if (!f.Done)
                {
                    f.AddSink(sink);
                }
            }

            var timer = timeoutSeconds is { } t ? loop.CallLater(t, () => wake.TrySetResult(true)) : null;
            try
            {
                await wake;
            }
            finally
            {
                timer?.Cancel();
                foreach (var f in set)
                {
                    f.RemoveSink(sink);
                }
            }
        }

        var done = new HashSet<TFuture>(ReferenceEqualityComparer.Instance);
        var pending = new HashSet<TFuture>(ReferenceEqualityComparer.Instance);
        foreach (var f in set)
        {
            (f.Done ? done : pending).Add(f);
        }

        return (done, pending);
    }

    private static bool Satisfied<TFuture>(HashSet<TFuture> set, ReturnWhen returnWhen)
        where TFuture : Future => returnWhen switch
        {
            ReturnWhen.FirstCompleted => set.Any(f => f.Done),
            ReturnWhen.FirstException => set.Any(f => f.FailedWith is not null) || set.All(f => f.Done),
            _ => set.All(f => f.Done),
        };

    private sealed class WaitSink(Future<bool> wake, ReturnWhen returnWhen, int pending) : IFutureSink
    {
        private int _pending = pending;

        public void OnFutureDone(Future future)
        {
            _pending--;
            if (_pending == 0 || returnWhen == ReturnWhen.FirstCompleted ||
                (returnWhen == ReturnWhen.FirstException && future.FailedWith is not null))
            {
                wake.TrySetResult(true);
            }
        }
    }
}
