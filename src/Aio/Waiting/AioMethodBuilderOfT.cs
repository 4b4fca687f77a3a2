using System.Runtime.CompilerServices;

namespace Aio;

/// <summary>
/// The method builder of Aio's own async methods that return <see cref="ValueTask{TResult}"/> (<c>readexactly</c>,
/// <c>readuntil</c>, <c>drain</c>, <c>Condition.wait_for</c>…): a run that completes without suspending allocates
/// nothing; one that suspends takes a pooled <see cref="MethodBox{TResult}"/> from the loop, and its caller resumes
/// in the loop turn the method ends in, as an awaited coroutine returns to its caller within one task step in asyncio.
/// </summary>
internal struct AioMethodBuilder<TResult>
{
    private MethodBox<TResult>? _box;
    private TResult _result;
    private Exception? _error;

    public ValueTask<TResult> Task =>
        _box is { } box ? new ValueTask<TResult>(box, box.Version)
        : _error is { } error ? ValueTask.FromException<TResult>(error)
        : new ValueTask<TResult>(_result);

    /// <summary>The same outcome as a plain <see cref="ValueTask"/>, for <see cref="AioMethodBuilder"/>.</summary>
    internal readonly ValueTask UntypedTask =>
        _box is { } box ? new ValueTask(box, box.Version)
        : _error is { } error ? ValueTask.FromException(error)
        : default;

    public static AioMethodBuilder<TResult> Create() => default;

    public void Start<TStateMachine>(ref TStateMachine stateMachine)
        where TStateMachine : IAsyncStateMachine =>
        AsyncValueTaskMethodBuilder.Create().Start(ref stateMachine);

    public void SetStateMachine(IAsyncStateMachine stateMachine) => ArgumentNullException.ThrowIfNull(stateMachine);

    public void SetResult(TResult result)
    {
        if (_box is { } box)
        {
            box.SetResult(result);
        }
        else
        {
            _result = result;
        }
    }

    public void SetException(Exception exception)
    {
        if (_box is { } box)
        {
            box.SetException(exception);
        }
        else
        {
            _error = exception;
        }
    }

    public void AwaitOnCompleted<TAwaiter, TStateMachine>(ref TAwaiter awaiter, ref TStateMachine stateMachine)
        where TAwaiter : INotifyCompletion
        where TStateMachine : IAsyncStateMachine =>
        awaiter.OnCompleted(MethodBox<TStateMachine, TResult>.Suspend(ref _box, ref stateMachine));

    public void AwaitUnsafeOnCompleted<TAwaiter, TStateMachine>(ref TAwaiter awaiter, ref TStateMachine stateMachine)
        where TAwaiter : ICriticalNotifyCompletion
        where TStateMachine : IAsyncStateMachine =>
        awaiter.UnsafeOnCompleted(MethodBox<TStateMachine, TResult>.Suspend(ref _box, ref stateMachine));
}
