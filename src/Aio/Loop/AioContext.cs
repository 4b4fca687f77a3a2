using System.Runtime.CompilerServices;

namespace Aio;

/// <summary>
/// The synchronization context of code running on a loop. Each task, and each cancel scope inside a task,
/// has its own instance, so an <c>await</c> of any .NET awaitable resumes on the loop thread in the same task
/// and scope it started in: the current task and scope are simply <see cref="SynchronizationContext.Current"/>.
/// </summary>
internal sealed class AioContext : SynchronizationContext
{
    internal readonly CancelScope? Scope;

    // The task, or the loop for code outside any task: one field instead of two makes every task 8 bytes smaller.
    private readonly object _owner;

    internal AioContext(EventLoop loop, AioTask? task, CancelScope? scope)
    {
        _owner = task ?? (object)loop;
        Scope = scope;
    }

    internal EventLoop Loop => _owner is EventLoop loop ? loop : Unsafe.As<AioTask>(_owner).Loop;

    internal AioTask? Task => _owner is EventLoop ? null : Unsafe.As<AioTask>(_owner);

    /// <summary>The Aio context of the calling code, or null when it is not running on an Aio loop.</summary>
    internal static new AioContext? Current => SynchronizationContext.Current as AioContext;

    public override void Post(SendOrPostCallback d, object? state) => Loop.PostFromAnyThread(d, state, this);

    public override void Send(SendOrPostCallback d, object? state)
    {
        if (Loop.IsOnLoopThread)
        {
            d(state);
            return;
        }

        using var done = new ManualResetEventSlim();
        Exception? error = null;
        Loop.PostFromAnyThread(
            new SendOrPostCallback(_ =>
            {
                try
                {
                    d(state);
                }
                catch (Exception e)
                {
                    error = e;
                }
                finally
                {
                    done.Set();
                }
            }),
            null,
            this);
        done.Wait();
        if (error is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(error);
        }
    }

    public override SynchronizationContext CreateCopy() => this;

    public override string ToString() =>
        Task is null ? "AioContext(loop)" : Scope is null ? $"AioContext({Task.Name})" : $"AioContext({Task.Name}, scope)";
}
