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

        task.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(() =>
        {
            if (Loop.IsOnLoopThread)
            {
                CopyFrom(task);
            }
            else
            {
                Loop.PostFromAnyThread(new Action(() => CopyFrom(task)), null, Loop.BaseContext);
            }
        });
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
