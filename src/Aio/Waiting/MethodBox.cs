using System.Runtime.ExceptionServices;
using System.Threading.Tasks.Sources;

namespace Aio;

/// <summary>
/// The pooled awaitable of one suspended run of an Aio async method (<see cref="AioMethodBuilder{TResult}"/>).
/// When the method returns, the code awaiting it resumes in the same loop turn, right after the method's last step,
/// if it waits in the context the method runs in (the usual case: a task awaiting one of Aio's own methods), as a
/// coroutine called with <c>await</c> returns to its caller in asyncio; otherwise it is queued to its own context.
/// .NET's own builders post every resumption to the captured <see cref="SynchronizationContext"/>, which on a loop
/// costs a delegate and one more loop turn.
/// </summary>
internal abstract class MethodBox<TResult> : IValueTaskSource<TResult>, IValueTaskSource
{
    private static readonly Action<object?> s_resumeLate = static s => ((MethodBox<TResult>)s!).ResumeAwaiter();
    private static readonly SendOrPostCallback s_invoke = static s =>
    {
        var (continuation, state) = ((Action<object?>, object?))s!;
        continuation(state);
    };

    private static readonly Action<object?> s_invokeInFlow = static s =>
    {
        var (flow, continuation, state) = ((ExecutionContext, Action<object?>, object?))s!;
        ExecutionContext.Run(flow, static s => { var (c, st) = ((Action<object?>, object?))s!; c(st); }, (continuation, state));
    };

    /// <summary>The loop whose pool the box returns to; null for a box made off any loop.</summary>
    private protected EventLoop? Owner;

    // The context the method runs in: its waits resume it there, so that is where it ends.
    private SynchronizationContext? _methodContext;
    private Action<object?>? _continuation;
    private object? _continuationState;
    private SynchronizationContext? _continuationContext;
    private ExecutionContext? _continuationFlow;
    private TResult _result = default!;
    private Exception? _error;
    private short _version;
    private bool _done;

    internal short Version => _version;

    /// <summary>Readies the box for a run of a method that started in <paramref name="context"/>.</summary>
    private protected void Start(EventLoop? owner, SynchronizationContext? context)
    {
        Owner = owner;
        _methodContext = context;
    }

    internal void SetResult(TResult result)
    {
        _result = result;
        Finish();
    }

    internal void SetException(Exception error)
    {
        _error = error;
        Finish();
    }

    /// <summary>Clears the method's state and returns the box to its loop's pool.</summary>
    private protected abstract void Release();

    // Called at the very end of the last step: the awaiting code resumes once that step has returned (AfterStep),
    // from a shallower stack than inside it.
    private void Finish() => _done = true;

    /// <summary>Called after each step of the method: once it has ended, resumes the code awaiting it.</summary>
    private protected void AfterStep()
    {
        if (_done && _continuation is not null)
        {
            ResumeAwaiter();
        }
    }

    private void ResumeAwaiter()
    {
        var continuation = _continuation!;
        var state = _continuationState;
        var context = _continuationContext;
        if (_continuationFlow is { } flow)
        {
            // Awaited through OnCompleted rather than UnsafeOnCompleted (no builder does that): rare enough to box.
            state = (flow, continuation, state);
            continuation = s_invokeInFlow;
        }

        _continuation = null;
        _continuationState = null;
        _continuationContext = null;
        _continuationFlow = null;
        if (context is null || ReferenceEquals(context, _methodContext))
        {
            continuation(state);
        }
        else if (context is AioContext aio && aio.Loop.IsOnLoopThread)
        {
            aio.Loop.EnqueueReady(continuation, state, aio);
        }
        else
        {
            context.Post(s_invoke, (continuation, state));
        }
    }

    private void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags)
    {
        CheckToken(token);
        _continuation = continuation;
        _continuationState = state;
        if ((flags & ValueTaskSourceOnCompletedFlags.UseSchedulingContext) != 0 &&
            SynchronizationContext.Current is { } context && context.GetType() != typeof(SynchronizationContext))
        {
            _continuationContext = context;
        }

        if ((flags & ValueTaskSourceOnCompletedFlags.FlowExecutionContext) != 0)
        {
            _continuationFlow = ExecutionContext.Capture();
        }

        if (_done)
        {
            // The method ended between the awaiter's check and this registration (another thread finished it):
            // resume from a fresh stack rather than inside the awaiter's own call.
            if (Owner is { IsOnLoopThread: true } loop)
            {
                loop.EnqueueReady(s_resumeLate, this, SynchronizationContext.Current as AioContext);
            }
            else
            {
                ThreadPool.UnsafeQueueUserWorkItem(s_resumeLate, this, preferLocal: false);
            }
        }
    }

    private ValueTaskSourceStatus GetStatus(short token)
    {
        CheckToken(token);
        return !_done ? ValueTaskSourceStatus.Pending
            : _error is null ? ValueTaskSourceStatus.Succeeded
            : _error is OperationCanceledException ? ValueTaskSourceStatus.Canceled
            : ValueTaskSourceStatus.Faulted;
    }

    private TResult GetResult(short token)
    {
        CheckToken(token);
        if (!_done)
        {
            throw AwaitableMisuse.ReadBeforeCompletion();
        }

        var result = _result;
        var error = _error;
        _result = default!;
        _error = null;
        _done = false;
        _methodContext = null;
        _version++;
        Release();
        if (error is not null)
        {
            ExceptionDispatchInfo.Throw(error);
        }

        return result;
    }

    private void CheckToken(short token)
    {
        if (token != _version)
        {
            throw AwaitableMisuse.Recycled();
        }
    }

    void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        OnCompleted(continuation, state, token, flags);

    void IValueTaskSource<TResult>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        OnCompleted(continuation, state, token, flags);

    ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => GetStatus(token);

    ValueTaskSourceStatus IValueTaskSource<TResult>.GetStatus(short token) => GetStatus(token);

    void IValueTaskSource.GetResult(short token) => GetResult(token);

    TResult IValueTaskSource<TResult>.GetResult(short token) => GetResult(token);
}
