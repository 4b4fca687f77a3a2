using System.Runtime.ExceptionServices;

namespace Aio;

/// <summary>
/// The outcome of an operation that completes later, bound to one loop: asyncio's <c>Future</c>. Not
/// thread-safe: use it on its loop's thread (complete it from elsewhere with
/// <see cref="EventLoop.CallSoonThreadsafe(Action)"/>). Done callbacks always run through the loop, in the order
/// added, never inline — also when added after completion.
/// </summary>
public abstract class Future
{
    private object? _callbacks;
    private object? _error; // failed: the exception; cancelled: the CancelledError once made, else the message or null
    private FutureStatus _status;
    private bool _exceptionRetrieved;

    // An AioTask's Task-N. It lives here because the runtime does not place a derived class's fields in its base's
    // padding: in the future it costs nothing, in the task it would cost 8 bytes. A task numbered past 32 bits
    // gets its name written out at creation instead.
    private protected uint TaskNumber;

    private protected Future(EventLoop loop)
    {
        Loop = loop ?? throw new ArgumentNullException(nameof(loop));
    }

    private enum FutureStatus : byte
    {
        Pending,
        Succeeded,
        Failed,
        Cancelled,
    }

    /// <summary>The loop the future belongs to: asyncio's <c>get_loop()</c>.</summary>
    public EventLoop Loop { get; }

    /// <summary>Whether the future has a result, an exception or was cancelled: asyncio's <c>done()</c>.</summary>
    public bool Done => _status != FutureStatus.Pending;

    /// <summary>Whether the future was cancelled: asyncio's <c>cancelled()</c>.</summary>
    public bool Cancelled => _status == FutureStatus.Cancelled;

    /// <summary>
    /// The exception the future ended with, or null if it has a result: asyncio's <c>exception()</c>. Reading it
    /// marks the exception retrieved.
    /// </summary>
    /// <exception cref="CancelledError">The future was cancelled.</exception>
    /// <exception cref="InvalidStateError">The future is not done yet.</exception>
    public Exception? Exception
    {
        get
        {
            switch (_status)
            {
                case FutureStatus.Pending:
                    throw new InvalidStateError("Exception is not set.");
                case FutureStatus.Cancelled:
                    throw CancellationError();
                default:
                    MarkExceptionRetrieved();
                    return _error as Exception;
            }
        }
    }

    internal Exception? FailedWith => _status == FutureStatus.Failed ? (Exception)_error! : null;

    internal bool ExceptionRetrieved => _exceptionRetrieved;

    internal abstract object? ResultObject { get; }

    /// <summary>
    /// Cancels the future and schedules its callbacks; false if it is already done: asyncio's
    /// <c>cancel(msg)</c>. The message is carried by every <see cref="CancelledError"/> raised for it.
    /// </summary>
    public virtual bool Cancel(string? message = null)
    {
        Loop.CheckThread();
        if (Done)
        {
            return false;
        }

        _error = message;
        _status = FutureStatus.Cancelled;
        ScheduleCallbacks();
        return true;
    }

    /// <summary>
    /// Adds a callback that runs (through the loop, never inline) once the future is done:
    /// asyncio's <c>add_done_callback()</c>.
    /// </summary>
    public void AddDoneCallback(Action<Future> callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        AddSink(new UserDoneCallback(callback, Loop.CurrentOrBaseContext()));
    }

    /// <summary>Removes every registration of <paramref name="callback"/>; returns how many: asyncio's <c>remove_done_callback()</c>.</summary>
    public int RemoveDoneCallback(Action<Future> callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return RemoveSinks(s => s is UserDoneCallback u && u.Callback == callback);
    }

    /// <summary>A .NET <see cref="Task"/> that completes with this future, for APIs that take tasks.</summary>
    public Task AsTask() => AsTaskCore<object?>(static f => f.ResultObject);

    internal Task<TResult> AsTaskCore<TResult>(Func<Future, TResult> read)
    {
        var tcs = new TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        void Copy(Future f)
        {
            if (f.Cancelled)
            {
                tcs.TrySetException(f.CancellationError());
            }
            else if (f.FailedWith is { } ex)
            {
                f.MarkExceptionRetrieved();
                tcs.TrySetException(ex);
            }
            else
            {
                tcs.TrySetResult(read(f));
            }
        }

        if (Done)
        {
            Copy(this);
        }
        else
        {
            AddSink(new UserDoneCallback(Copy, Loop.BaseContext));
        }

        return tcs.Task;
    }

    internal void MarkExceptionRetrieved()
    {
        if (!_exceptionRetrieved)
        {
            _exceptionRetrieved = true;
            OnExceptionRetrieved();
        }
    }

    private protected virtual void OnExceptionRetrieved()
    {
    }

    internal CancelledError CancellationError()
    {
        if (_status != FutureStatus.Cancelled)
        {
            return new CancelledError(); // _error may hold this future's exception: leave it alone
        }

        if (_error is CancelledError e)
        {
            return e;
        }

        e = new CancelledError(_error as string);
        _error = e;
        return e;
    }

    internal void ThrowIfFailed()
    {
        if (Cancelled)
        {
            throw CancellationError();
        }

        if (FailedWith is { } ex)
        {
            MarkExceptionRetrieved();
            ExceptionDispatchInfo.Throw(ex);
        }

        if (!Done)
        {
            throw new InvalidStateError("Result is not set.");
        }
    }

    internal void AddSink(IFutureSink sink)
    {
        if (Done)
        {
            Loop.EnqueueReady(sink, this, sink.Context);
            return;
        }

        switch (_callbacks)
        {
            case null:
                _callbacks = sink;
                break;
            case List<IFutureSink> list:
                list.Add(sink);
                break;
            default:
                _callbacks = new List<IFutureSink>(4) { (IFutureSink)_callbacks, sink };
                break;
        }
    }

    internal void RemoveSink(IFutureSink sink) => RemoveSinks(s => ReferenceEquals(s, sink));

    private int RemoveSinks(Predicate<IFutureSink> match)
    {
        switch (_callbacks)
        {
            case List<IFutureSink> list:
                return list.RemoveAll(match);
            case IFutureSink single when match(single):
                _callbacks = null;
                return 1;
            default:
                return 0;
        }
    }

    private protected bool TrySucceedCore()
    {
        if (Done)
        {
            return false;
        }

        _status = FutureStatus.Succeeded;
        ScheduleCallbacks();
        return true;
    }

    private protected bool TryFailCore(Exception exception)
    {
        if (Done)
        {
            return false;
        }

        _error = exception;
        _status = FutureStatus.Failed;
        ScheduleCallbacks();
        return true;
    }

    private protected bool TryCancelCore(CancelledError? error, string? message)
    {
        if (Done)
        {
            return false;
        }

        _error = (object?)error ?? message;
        _status = FutureStatus.Cancelled;
        ScheduleCallbacks();
        return true;
    }

    private void ScheduleCallbacks()
    {
        var callbacks = _callbacks;
        _callbacks = null;
        switch (callbacks)
        {
            case null:
                return;
            case List<IFutureSink> list:
                foreach (var s in list)
                {
                    if (s is not Future owner || !owner.TakeChildDoneInline(this))
                    {
                        Loop.EnqueueReady(s, this, s.Context);
                    }
                }

                break;
            default:
                var sink = (IFutureSink)callbacks;
                if (sink is not Future parent || !parent.TakeChildDoneInline(this))
                {
                    Loop.EnqueueReady(sink, this, sink.Context);
                }

                break;
        }
    }

    /// <summary>
    /// Lets a future that registered itself as a sink of <paramref name="child"/> take the child's completion at
    /// once instead of through a queued callback; returns false to have the callback queued as usual. Only
    /// bookkeeping nobody can observe may happen here: anything visible stays in the queued callback, one loop
    /// iteration later, as asyncio's done callbacks are.
    /// </summary>
    private protected virtual bool TakeChildDoneInline(Future child) => false;

    /// <summary>Describes the future's state, as asyncio's repr does.</summary>
    public override string ToString() => $"<{GetType().Name} {StateName}>";

    private protected string StateName => _status switch
    {
        FutureStatus.Pending => "pending",
        FutureStatus.Cancelled => "cancelled",
        FutureStatus.Failed => $"finished exception={_error!.GetType().Name}",
        _ => "finished",
    };
}

/// <summary>A future whose result can be read as a <typeparamref name="T"/> without boxing.</summary>
internal interface IResultOf<out T>
{
    T ResultValue { get; }
}
