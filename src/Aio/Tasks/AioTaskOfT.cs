using System.Runtime.CompilerServices;

namespace Aio;

/// <summary>A task whose coroutine returns a <typeparamref name="T"/>: asyncio's <c>Task</c> with a result.</summary>
public sealed class AioTask<T> : AioTask, IResultOf<T>
{
    private T _result = default!;

    internal AioTask(EventLoop loop, Delegate body, string? name, object? parent)
        : base(loop, body, name, parent)
    {
    }

    /// <summary>
    /// The result; rethrows the task's exception (original stack) or <see cref="CancelledError"/>:
    /// asyncio's <c>result()</c>.
    /// </summary>
    /// <exception cref="InvalidStateError">The task is not done yet.</exception>
    public new T Result
    {
        get
        {
            ThrowIfFailed();
            return _result;
        }
    }

    T IResultOf<T>.ResultValue => _result;

    internal override object? ResultObject => _result;

    /// <summary>Waits for the task and returns its result; cancelling the waiting task cancels this one too.</summary>
    public new ValueTask<T> WaitAsync() => Done ? Future<T>.DoneAsValueTask(this) : StartAwaitTyped<T>();

    /// <summary>Makes the task awaitable: <c>var x = await task</c>.</summary>
    public new ValueTaskAwaiter<T> GetAwaiter() => WaitAsync().GetAwaiter();

    /// <summary>A .NET task that completes with this task.</summary>
    public new Task<T> AsTask() => AsTaskCore(static f => ((AioTask<T>)f)._result);

    private protected override Task InvokeBody(Delegate body) => body switch
    {
        Func<Task<T>> f => f(),
        Func<CancellationToken, Task<T>> f => f(CancellationToken),
        _ => base.InvokeBody(body),
    };

    private protected override void SetResultFromBody(Task body) => _result = ((Task<T>)body).Result;
}
