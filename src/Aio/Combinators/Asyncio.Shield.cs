namespace Aio;

public static partial class Asyncio
{
    /// <summary>
    /// Protects <paramref name="inner"/> from cancellation: asyncio's <c>shield()</c>. Returns a new future that
    /// completes with the inner one; cancelling it (or the task awaiting it) does not cancel the inner work.
    /// The awaiting task still receives <see cref="CancelledError"/>. Keep a reference to the inner task.
    /// </summary>
    public static Future<T> Shield<T>(Future<T> inner) => ShieldCore<T>(inner);

    /// <summary>Protects a task from cancellation; see <see cref="Shield{T}(Future{T})"/>.</summary>
    public static Future<T> Shield<T>(AioTask<T> inner) => ShieldCore<T>(inner);

    /// <summary>Protects a task without a result from cancellation; see <see cref="Shield{T}(Future{T})"/>.</summary>
    public static Future<object?> Shield(AioTask inner) => ShieldCore<object?>(inner);

    private static Future<T> ShieldCore<T>(Future inner)
    {
        ArgumentNullException.ThrowIfNull(inner);
        if (inner is Future<T> f && f.Done)
        {
            return f;
        }

        var outer = new Future<T>(inner.Loop);
        inner.AddSink(new ShieldSink<T>(outer));
        return outer;
    }

    private sealed class ShieldSink<T>(Future<T> outer) : IFutureSink
    {
        public void OnFutureDone(Future inner)
        {
            if (outer.Cancelled)
            {
                if (!inner.Cancelled)
                {
                    inner.MarkExceptionRetrieved();
                }

                return;
            }

            if (inner.Cancelled)
            {
                outer.Cancel();
            }
            else if (inner.FailedWith is { } ex)
            {
                inner.MarkExceptionRetrieved();
                outer.TrySetException(ex);
            }
            else
            {
                outer.TrySetResult(inner is IResultOf<T> r ? r.ResultValue : default!);
            }
        }
    }
}
