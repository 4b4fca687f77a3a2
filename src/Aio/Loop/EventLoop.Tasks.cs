namespace Aio;

public sealed partial class EventLoop
{
    private AioTask? _tasksHead;
    private int _taskCount;

    /// <summary>
    /// Schedules <paramref name="coroutine"/> as a task on this loop: asyncio's <c>loop.create_task()</c>.
    /// Its first step runs in a later iteration.
    /// </summary>
    public AioTask CreateTask(Func<Task> coroutine, string? name = null) => Spawn(new AioTask(this, Check(coroutine), name, CreatorOf()));

    /// <summary>Schedules a coroutine that receives the task's <see cref="AioTask.CancellationToken"/>.</summary>
    public AioTask CreateTask(Func<CancellationToken, Task> coroutine, string? name = null) => Spawn(new AioTask(this, Check(coroutine), name, CreatorOf()));

    /// <summary>Schedules <paramref name="coroutine"/> as a task with a result: asyncio's <c>loop.create_task()</c>.</summary>
    public AioTask<T> CreateTask<T>(Func<Task<T>> coroutine, string? name = null) => Spawn(new AioTask<T>(this, Check(coroutine), name, CreatorOf()));

    /// <summary>Schedules a coroutine with a result that receives the task's cancellation token.</summary>
    public AioTask<T> CreateTask<T>(Func<CancellationToken, Task<T>> coroutine, string? name = null) => Spawn(new AioTask<T>(this, Check(coroutine), name, CreatorOf()));

    /// <summary>
    /// Whether tasks created on this loop while it runs start at once: <see cref="CreateTask(Func{Task}, string?)"/>
    /// runs the coroutine's first step before it returns, as asyncio does with
    /// <c>loop.set_task_factory(asyncio.eager_task_factory)</c> (3.12) or <c>create_task(…, eager_start=True)</c>
    /// (3.14). A coroutine that finishes without suspending gives a task that is already done and was never
    /// scheduled; one that suspends goes on as any task. <see cref="AioTask.Current"/> is the new task during that
    /// step. Off by default: it changes interleaving, since the code after <c>CreateTask</c> then runs after the
    /// task's first step instead of before it. Tasks created while the loop is not running start in its first
    /// iteration, as always.
    /// </summary>
    public bool EagerTaskStart { get; set; }

    /// <summary>Creates a pending future bound to this loop: asyncio's <c>loop.create_future()</c>.</summary>
    public Future<T> CreateFuture<T>() => new(this);

    /// <summary>The loop's tasks that are not done yet: asyncio's <c>all_tasks()</c>.</summary>
    public IReadOnlyList<AioTask> AllTasks()
    {
        var list = new List<AioTask>(_taskCount);
        for (var t = _tasksHead; t is not null; t = t.LoopNext)
        {
            list.Add(t);
        }

        return list;
    }

    internal TTask Spawn<TTask>(TTask task)
        where TTask : AioTask
    {
        CheckNotClosed();
        CheckThread();
        task.LoopNext = _tasksHead;
        if (_tasksHead is not null)
        {
            _tasksHead.LoopPrev = task;
        }

        _tasksHead = task;
        _taskCount++;
        if (EagerTaskStart && _running)
        {
            task.StartEagerly();
        }
        else
        {
            task.Schedule();
        }

        return task;
    }

    internal void UnregisterTask(AioTask task)
    {
        if (task.LoopPrev is not null)
        {
            task.LoopPrev.LoopNext = task.LoopNext;
        }
        else if (ReferenceEquals(_tasksHead, task))
        {
            _tasksHead = task.LoopNext;
        }
        else
        {
            return;
        }

        if (task.LoopNext is not null)
        {
            task.LoopNext.LoopPrev = task.LoopPrev;
        }

        task.LoopPrev = null;
        task.LoopNext = null;
        _taskCount--;
    }

    private static TDelegate Check<TDelegate>(TDelegate coroutine)
        where TDelegate : Delegate =>
        coroutine ?? throw new ArgumentNullException(nameof(coroutine), "a coroutine was expected, got null");

    private object? CreatorOf() => CurrentOrBaseContext().Task;
}
