using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Threading.Tasks.Sources;

namespace Aio;

/// <summary>
/// One Aio wait: the pooled <see cref="IValueTaskSource"/> behind every awaitable Aio returns (sleep, future,
/// lock, queue…). It registers with the current task so that <see cref="AioTask.Cancel"/> and cancel scopes
/// reach it, resumes its continuation on the loop in the context it started in, and stays cancellable until
/// the task has actually resumed: a wake-up that is cancelled before the task runs is revoked
/// (<see cref="TryRevoke"/>) and the primitive hands it on, as asyncio does.
/// </summary>
internal abstract class Waiter : IValueTaskSource
{
    private const byte Armed = 0;
    private const byte Completed = 1;
    private const byte Resumed = 2;

    private static readonly Action<object?> s_resume = static s => ((Waiter)s!).Resume();

    internal AioContext Context = null!;
    private Action<object?>? _continuation;
    private object? _continuationState;
    private short _version;
    private byte _state;
    private bool _uncancellable;

    /// <summary>Whether the wait is in its task's list of waits (<see cref="AioTask.LinkWait"/>).</summary>
    internal bool Linked;

    // One field for two things that never live at once, so that every waiter is 8 bytes smaller: while the wait
    // is armed, the registration of the token it took (boxed: few waits take one); once it ended, its outcome.
    // A FutureWaiter keeps a pending cancellation here while armed; it never takes a token.
    private object? _tokenOrError;

    /// <summary>The outcome: null for success, else the exception GetResult throws.</summary>
    private protected Exception? Error
    {
        get => _tokenOrError is TokenHold ? null : Unsafe.As<Exception?>(_tokenOrError);
        set => _tokenOrError = value;
    }

    internal EventLoop Loop => Context.Loop;

    internal short Version => _version;

    internal bool IsPending => _state == Armed;

    /// <summary>The state handed to the registered continuation: for an async method awaiting directly, its Task.</summary>
    internal object? ContinuationState => _continuationState;

    /// <summary>
    /// Starts the wait in <paramref name="context"/>: links it to the context's task, which may cancel it at once
    /// if a cancellation is pending. Returns false when the wait is already over (then do not enqueue it).
    /// </summary>
    internal bool Arm(AioContext context, CancellationToken token = default, bool cancellable = true)
    {
        Context = context;
        _state = Armed;
        Error = null;
        _uncancellable = !cancellable;
        if (cancellable)
        {
            context.Task?.LinkWait(this);
        }

        if (_state == Armed && token.CanBeCanceled)
        {
            RegisterToken(token);
        }

        return _state == Armed;
    }

    /// <summary>Ends the wait with success (or <paramref name="error"/>); false if it had already ended.</summary>
    internal bool Complete(Exception? error = null)
    {
        if (_state != Armed)
        {
            return false;
        }

        _state = Completed;
        DisposeToken();
        Error = error;
        if (_continuation is not null)
        {
            Loop.EnqueueReady(s_resume, this, Context);
        }

        return true;
    }

    /// <summary>Ends the wait and resumes the awaiting code now; the caller already runs in <see cref="Context"/>.</summary>
    internal void CompleteAndResume(Exception? error)
    {
        if (_state != Armed)
        {
            return;
        }

        _state = Completed;
        DisposeToken();
        Error = error;
        if (_continuation is not null)
        {
            Resume();
        }
    }

    /// <summary>
    /// Cancels the wait on behalf of a task or scope cancellation. Returns whether the cancellation was taken:
    /// a pending wait ends (or, for a future, asks the future to cancel); a completed but not yet resumed wait is
    /// revoked when the primitive can take its wake-up back.
    /// </summary>
    internal bool TryCancelWait(CancelledError error)
    {
        if (_uncancellable)
        {
            return false;
        }

        switch (_state)
        {
            case Armed:
                return CancelPending(error);
            case Completed when Error is not CancelledError && TryRevoke():
                Error = error;
                return true;
            default:
                return false;
        }
    }

    /// <summary>Cancels a pending wait: by default ends it with <paramref name="error"/> after <see cref="OnCancelled"/>.</summary>
    private protected virtual bool CancelPending(CancelledError error)
    {
        OnCancelled();
        return Complete(error);
    }

    /// <summary>Called when a pending wait is cancelled: take it out of whatever queue holds it.</summary>
    private protected virtual void OnCancelled()
    {
    }

    /// <summary>
    /// Called when a wait that was woken is cancelled before its task ran: give the wake-up (item, permit, lock)
    /// back or to the next waiter. Return false if it cannot be taken back.
    /// </summary>
    private protected virtual bool TryRevoke() => true;

    /// <summary>What the wait is for, as the task tree shows it.</summary>
    internal virtual string Describe() => GetType().Name.Replace("Waiter", string.Empty, StringComparison.Ordinal).TrimEnd('`', '1');

    /// <summary>Clears per-wait state and returns the waiter to <paramref name="loop"/>'s pool.</summary>
    private protected abstract void Release(EventLoop loop);

    private void Resume()
    {
        _state = Resumed;
        var owner = Context.Task;
        if (Linked)
        {
            owner!.UnlinkWait(this);
        }

        var continuation = _continuation!;
        var state = _continuationState;
        _continuation = null;
        _continuationState = null;
        if (owner is null || !owner.IsUnwatchedBody(state))
        {
            continuation(state);
            return;
        }

        try
        {
            continuation(state);
        }
        finally
        {
            owner.AfterBodyStep();
        }
    }

    private void RegisterToken(CancellationToken token)
    {
        if (token.IsCancellationRequested)
        {
            OnCancelled();
            Complete(new CancelledError(null, token));
            return;
        }

        var version = _version;
        var box = new TokenHold();
        _tokenOrError = box;
        box.Value = token.UnsafeRegister(
            static (s, t) =>
            {
                var (w, v) = ((Waiter, short))s!;
                w.Loop.PostFromAnyThread(
                    new Action(() =>
                    {
                        if (w._version == v && w._state == Armed)
                        {
                            w.OnCancelled();
                            w.Complete(new CancelledError(null, t));
                        }
                    }),
                    null,
                    w.Loop.BaseContext);
            },
            (this, version));
    }

    private void DisposeToken()
    {
        if (_tokenOrError is TokenHold box)
        {
            _tokenOrError = null;
            box.Value.Dispose();
        }
    }

    /// <summary>Reads the outcome, recycles the waiter and rethrows an error; returns normally on success.</summary>
    private protected void TakeOutcome(short token)
    {
        if (token != _version)
        {
            throw AwaitableMisuse.Recycled();
        }

        if (_state != Resumed)
        {
            if (_state == Armed)
            {
                throw AwaitableMisuse.ReadBeforeCompletion();
            }

            if (Linked)
            {
                Context.Task!.UnlinkWait(this);
            }
        }

        var error = Error;
        var owner = _uncancellable ? null : Context.Task;
        var loop = Loop;
        _version++;
        Error = null;
        Context = null!;
        Release(loop);
        if (error is not null)
        {
            if (error is CancelledError ce)
            {
                owner?.OnCancellationDelivered(ce);
            }

            ExceptionDispatchInfo.Throw(error);
        }
    }

    ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => GetStatusCore(token);

    private protected ValueTaskSourceStatus GetStatusCore(short token)
    {
        if (token != _version || _state != Resumed)
        {
            return ValueTaskSourceStatus.Pending;
        }

        return Error switch
        {
            null => ValueTaskSourceStatus.Succeeded,
            OperationCanceledException => ValueTaskSourceStatus.Canceled,
            _ => ValueTaskSourceStatus.Faulted,
        };
    }

    void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        OnCompletedCore(continuation, state, token);

    private protected void OnCompletedCore(Action<object?> continuation, object? state, short token)
    {
        if (token != _version)
        {
            throw AwaitableMisuse.Recycled();
        }

        if (!Loop.IsOnLoopThread)
        {
            throw Loop.WrongThread();
        }

        _continuation = continuation;
        _continuationState = state;
        if (_state == Completed)
        {
            Loop.EnqueueReady(s_resume, this, Context);
            return;
        }

        OnAwaited();
    }

    /// <summary>Called when the awaiting code has registered its continuation (a yield completes here).</summary>
    private protected virtual void OnAwaited()
    {
    }

    void IValueTaskSource.GetResult(short token) => TakeOutcome(token);

    // Sealed, so that telling it from an exception on every completion is one type comparison.
    private sealed class TokenHold
    {
        public CancellationTokenRegistration Value;
    }
}

/// <summary>A <see cref="Waiter"/> that produces a value.</summary>
internal abstract class Waiter<T> : Waiter, IValueTaskSource<T>
{
    private protected T Value = default!;

    ValueTaskSourceStatus IValueTaskSource<T>.GetStatus(short token) => GetStatusCore(token);

    void IValueTaskSource<T>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        OnCompletedCore(continuation, state, token);

    T IValueTaskSource<T>.GetResult(short token)
    {
        var value = Value;
        Value = default!;
        TakeOutcome(token);
        return value;
    }
}
