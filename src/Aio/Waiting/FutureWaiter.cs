namespace Aio;

/// <summary>
/// The wait behind <c>await future</c> (and <c>await task</c>). Cancelling it cancels the awaited future, then
/// keeps waiting for it to finish, as asyncio's task does with its <c>_fut_waiter</c>: if the future still
/// produces a value, that value is returned.
/// </summary>
internal sealed class FutureWaiter<T> : Waiter<T>, IFutureSink
{
    private Future? _future;

    AioContext? IFutureSink.Context => Context;

    internal static FutureWaiter<T> Start(Future future, AioContext context, bool cancellable = true)
    {
        var w = context.Loop.Pool<FutureWaiter<T>>().Rent();
        w._future = future;
        w.Context = context;
        future.AddSink(w);
        w.Arm(context, default, cancellable);
        return w;
    }

    void IFutureSink.OnFutureDone(Future future)
    {
        if (!IsPending || !ReferenceEquals(future, _future))
        {
            return;
        }

        Exception? error = null;
        if (future.Cancelled)
        {
            // While the wait is pending, Error holds the cancellation that asked the future to cancel.
            error = Error as CancelledError ?? future.CancellationError();
        }
        else if (future.FailedWith is { } ex)
        {
            future.MarkExceptionRetrieved();
            error = ex;
        }
        else if (future is IResultOf<T> typed)
        {
            Value = typed.ResultValue;
        }

        CompleteAndResume(error);
    }

    internal override string Describe() => $"await {_future}";

    private protected override bool CancelPending(CancelledError error)
    {
        Error = error;
        if (_future!.Cancel(error.CancelMessage))
        {
            return true;
        }

        Error = null;
        return false;
    }

    private protected override void Release(EventLoop loop)
    {
        _future = null;
        loop.Pool<FutureWaiter<T>>().Return(this);
    }
}
