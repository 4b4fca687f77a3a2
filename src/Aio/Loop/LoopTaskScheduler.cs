namespace Aio;

/// <summary>
/// A <see cref="TaskScheduler"/> that runs .NET tasks on a loop's thread, for code written against
/// <c>Task.Factory.StartNew(…, scheduler)</c>.
/// </summary>
internal sealed class LoopTaskScheduler : TaskScheduler
{
    private static readonly Action<object?> s_execute = static s =>
    {
        var (scheduler, task) = ((LoopTaskScheduler, Task))s!;
        scheduler.TryExecuteTask(task);
    };

    private readonly EventLoop _loop;

    internal LoopTaskScheduler(EventLoop loop)
    {
        _loop = loop;
    }

    public override int MaximumConcurrencyLevel => 1;

    protected override void QueueTask(Task task) =>
        _loop.PostFromAnyThread(s_execute, (this, task), _loop.BaseContext);

    protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) =>
        _loop.IsOnLoopThread && TryExecuteTask(task);

    protected override IEnumerable<Task>? GetScheduledTasks() => null;
}
