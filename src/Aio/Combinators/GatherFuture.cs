namespace Aio;

/// <summary>
/// The future <see cref="Asyncio.Gather{T}(AioTask{T}[])"/> returns: results in argument order. Not structured,
/// exactly like asyncio: a child's failure (or its own cancellation, as a <see cref="CancelledError"/> exception)
/// completes the gather without cancelling its siblings; cancelling the gather cancels every unfinished child.
/// </summary>
internal sealed class GatherFuture<TOut> : Future<TOut[]>, IFutureSink
{
    private readonly Future[] _children;
    private readonly Func<Future, TOut> _read;
    private readonly bool _returnExceptions;
    private int _remaining;
    private bool _cancelRequested;

    internal GatherFuture(EventLoop loop, Future[] children, bool returnExceptions, Func<Future, TOut> read)
        : base(loop)
    {
        _children = children;
        _read = read;
        _returnExceptions = returnExceptions;
        _remaining = children.Length;
        if (children.Length == 0)
        {
            SetResult([]);
            return;
        }

        for (var i = 0; i < children.Length; i++)
        {
            if (children[i].Loop != loop)
            {
                throw new ArgumentException("all futures and tasks given to Gather must belong to the same loop");
            }

            if (!TakeChildDoneInline(children[i]))
            {
                children[i].AddSink(this);
            }
        }
    }

    /// <summary>Cancels every unfinished child; true if any accepted: asyncio's gather <c>cancel()</c>.</summary>
    public override bool Cancel(string? message = null)
    {
        Loop.CheckThread();
        if (Done)
        {
            return false;
        }

        var any = false;
        foreach (var c in _children)
        {
            any |= c.Cancel(message);
        }

        _cancelRequested |= any;
        return any;
    }

    /// <summary>
    /// A child that succeeds while others are still pending only counts down: done at its completion, while it
    /// is still in cache, that saves a queued callback and another pass over a million children. Failures,
    /// cancellations and the last child still go through the queued callback, which is where the gather
    /// completes, in the same iteration as before.
    /// </summary>
    /// <remarks>Also used for children already done when the gather is made, which asyncio would each give a queued callback.</remarks>
    private protected override bool TakeChildDoneInline(Future child)
    {
        if (_remaining <= 1 || !child.Done || child.Cancelled || child.FailedWith is not null)
        {
            return false;
        }

        _remaining--;
        return true;
    }

    void IFutureSink.OnFutureDone(Future child)
    {
        _remaining--;
        if (Done)
        {
            if (!child.Cancelled)
            {
                child.MarkExceptionRetrieved();
            }

            return;
        }

        if (!_returnExceptions)
        {
            if (child.Cancelled)
            {
                TrySetException(child.CancellationError());
                return;
            }

            if (child.FailedWith is { } ex)
            {
                child.MarkExceptionRetrieved();
                TrySetException(ex);
                return;
            }
        }

        if (_remaining > 0)
        {
            return;
        }

        if (_cancelRequested)
        {
            TrySetException(new CancelledError());
            return;
        }

        var results = new TOut[_children.Length];
        for (var i = 0; i < results.Length; i++)
        {
            var c = _children[i];
            c.MarkExceptionRetrieved();
            results[i] = _read(c);
        }

        TrySetResult(results);
    }
}
