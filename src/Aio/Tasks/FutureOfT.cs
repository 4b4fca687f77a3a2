using System.Runtime.CompilerServices;

namespace Aio;

/// <summary>
/// A settable future with a result of type <typeparamref name="T"/>: asyncio's <c>loop.create_future()</c>.
/// Awaiting it from a task is an Aio wait: cancelling the task cancels the future.
/// </summary>
public class Future<T> : Future, IResultOf<T>
{
    private T _result = default!;

    /// <summary>Creates a pending future on the loop running on this thread.</summary>
    /// <exception cref="InvalidOperationException">No loop runs on this thread.</exception>
    public Future()
        : this(EventLoop.GetRunningLoop())
    {
    }

    /// <summary>Creates a pending future bound to <paramref name="loop"/>.</summary>
    public Future(EventLoop loop)
        : base(loop)
    {
    }

    /// <summary>
    /// The result: asyncio's <c>result()</c>. Rethrows the future's exception (with its original stack) or a
    /// <see cref="CancelledError"/> if it was cancelled.
    /// </summary>
    /// <exception cref="InvalidStateError">The future is not done yet ("Result is not set.").</exception>
    public T Result
    {
        get
        {
            ThrowIfFailed();
            return _result;
        }
    }

    T IResultOf<T>.ResultValue => _result;

    internal override object? ResultObject => _result;

    /// <summary>Marks the future done with <paramref name="result"/>: asyncio's <c>set_result()</c>.</summary>
    /// <exception cref="InvalidStateError">The future is already done.</exception>
    public void SetResult(T result)
    {
        if (!TrySetResult(result))
        {
            throw new InvalidStateError($"invalid state: {this}");
        }
    }

    /// <summary>Marks the future failed with <paramref name="exception"/>: asyncio's <c>set_exception()</c>.</summary>
    /// <exception cref="InvalidStateError">The future is already done.</exception>
    public void SetException(Exception exception)
    {
        if (!TrySetException(exception))
        {
            throw new InvalidStateError($"invalid state: {this}");
        }
    }

    /// <summary>Sets the result unless the future is already done; returns whether it did.</summary>
    public bool TrySetResult(T result)
    {
        Loop.CheckThread();
        if (Done)
        {
            return false;
        }

        _result = result;
        return TrySucceedCore();
    }

    /// <summary>Sets the exception unless the future is already done; returns whether it did.</summary>
    public bool TrySetException(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        Loop.CheckThread();
        return TryFailCore(exception);
    }

    /// <summary>A .NET task that completes with this future.</summary>
    public new Task<T> AsTask() => AsTaskCore(static f => ((Future<T>)f)._result);

    /// <summary>Waits for the future; cancelling the waiting task cancels the future.</summary>
    public ValueTask<T> WaitAsync()
    {
        if (Done)
        {
            return DoneAsValueTask(this);
        }

        var w = FutureWaiter<T>.Start(this, Asyncio.RequireContext(Loop));
        return new ValueTask<T>(w, w.Version);
    }

    /// <summary>Waits without being interruptible by cancellation (for shutdown paths that must finish).</summary>
    internal ValueTask<T> WaitUncancellableAsync()
    {
        if (Done)
        {
            return DoneAsValueTask(this);
        }

        var w = FutureWaiter<T>.Start(this, Asyncio.RequireContext(Loop), cancellable: false);
        return new ValueTask<T>(w, w.Version);
    }

    /// <summary>Makes the future awaitable: <c>await future</c>.</summary>
    public ValueTaskAwaiter<T> GetAwaiter() => WaitAsync().GetAwaiter();

    internal static ValueTask<T> DoneAsValueTask(Future f)
    {
        if (f.Cancelled)
        {
            return ValueTask.FromException<T>(f.CancellationError());
        }

        if (f.FailedWith is { } ex)
        {
            f.MarkExceptionRetrieved();
            return ValueTask.FromException<T>(ex);
        }

        return new ValueTask<T>(f is IResultOf<T> r ? r.ResultValue : default!);
    }
}
