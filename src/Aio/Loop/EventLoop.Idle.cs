namespace Aio;

public sealed partial class EventLoop
{
    private List<Future<bool>>? _idleWaiters;

    /// <summary>Work handed to other threads (executor jobs, wrapped .NET tasks) still running; loop thread only.</summary>
    internal int ExternalWork { get; set; }

    /// <summary>
    /// Failed tasks whose exception nobody has retrieved yet, tracked only when set (test harnesses use it to
    /// fail a test deterministically instead of waiting for a finalizer).
    /// </summary>
    internal HashSet<AioTask>? UnobservedFailures { get; set; }

    /// <summary>
    /// Completes when the loop has nothing else to run: no ready callbacks and nothing arriving from other threads
    /// (Trio's <c>wait_all_tasks_blocked</c>). On a virtual clock this happens before time is moved forward.
    /// </summary>
    public Task WaitAllTasksBlockedAsync()
    {
        CheckThread();
        var f = new Future<bool>(this);
        (_idleWaiters ??= new()).Add(f);
        return AwaitIdle(f);
    }

    private static async Task AwaitIdle(Future<bool> f) => await f;

    private bool WakeIdleWaiters()
    {
        if (_idleWaiters is not { Count: > 0 } waiters)
        {
            return false;
        }

        _idleWaiters = null;
        foreach (var w in waiters)
        {
            w.TrySetResult(true);
        }

        return true;
    }
}
