namespace Aio;

/// <summary>
/// A loop-bound future that completes when a .NET <see cref="Task"/> does, so plain tasks can join Aio's
/// combinators: asyncio's <c>wrap_future()</c>. Cancelling the future abandons the task (a .NET task cannot be
/// cancelled from outside); the task keeps running.
/// </summary>
internal sealed class TaskFuture<T> : Future<T>
{
    internal TaskFuture(EventLoop loop, Task task)
        : base(loop)
    {
        if (task.IsCompleted)
        {
            CopyFrom(task);
            return;
        }

        Loop.ExternalWork++;

        // Registered under the loop's base context: the completion always arrives as a loop callback, whichever
        // thread completes the task, so ordering stays deterministic.
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(loop.BaseContext);
        try
        {
            task.GetAwaiter().UnsafeOnCompleted(() => Finished(task));
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }
    }

    private void Finished(Task task)
    {
        Loop.ExternalWork--;
        CopyFrom(task);
    }

    private void CopyFrom(Task task)
    {
        if (Done)
        {
            return;
        }

        if (task.IsCompletedSuccessfully)
        {
            TrySetResult(task is Task<T> typed ? typed.Result : default!);
            return;
        }

        try
        {
            task.GetAwaiter().GetResult();
        }
        catch (CancelledError ce)
        {
            TryCancelCore(ce, ce.CancelMessage);
        }
        catch (Exception e)
        {
            TrySetException(e);
        }
    }
}
