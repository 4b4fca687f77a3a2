namespace Aio;

/// <summary>
/// Structured concurrency: asyncio's <c>TaskGroup</c> (3.11, with 3.13's cancellation counting). Tasks started
/// in the group are awaited when the body ends. The first child failure cancels the other children and the
/// body; every failure is reported together in an <see cref="ExceptionGroup"/>, none lost. A cancelled parent
/// cancels the group. <c>await TaskGroup.RunAsync(async tg =&gt; { tg.CreateTask(…); })</c>
/// </summary>
/// <remarks>
/// The body is a lambda because the group's exit must see how the body ended (C#'s <c>await using</c> cannot).
/// </remarks>
public class TaskGroup : IFutureSink
{
    private const int New = 0;
    private const int Body = 1;
    private const int Exiting = 2;
    private const int Finished = 3;

    private readonly HashSet<AioTask> _tasks = new();
    private readonly List<Exception> _errors = new();
    private readonly CancelScope _bodyScope = new();
    private AioContext? _parent;
    private Future<bool>? _onCompleted;
    private int _state;
    private bool _aborting;

    private protected TaskGroup()
    {
    }

    /// <summary>How many of the group's tasks are still running.</summary>
    public int Count => _tasks.Count;

    /// <summary>The task running the group's body, once it started.</summary>
    public AioTask? Owner => _parent?.Task;

    /// <summary>Whether the group is cancelling its tasks (a child failed, or <see cref="Cancel"/> was called).</summary>
    public bool IsShuttingDown => _aborting;

    /// <summary>Runs <paramref name="body"/> with a new group and waits for every task started in it.</summary>
    /// <exception cref="ExceptionGroup">One or more tasks, or the body, failed.</exception>
    public static Task RunAsync(Func<TaskGroup, Task> body) => new TaskGroup().RunCore<object?>(g => body(g));

    /// <summary>Runs <paramref name="body"/> with a new group, waits for every task, and returns the body's result.</summary>
    public static Task<T> RunAsync<T>(Func<TaskGroup, Task<T>> body) => new TaskGroup().RunCore<T>(g => body(g));

    /// <summary>Starts <paramref name="coroutine"/> as a task of the group: asyncio's <c>tg.create_task()</c>.</summary>
    /// <exception cref="InvalidOperationException">The group has not started, is shutting down, or has finished.</exception>
    public AioTask CreateTask(Func<Task> coroutine, string? name = null) => Adopt(Loop.CreateTask(CheckOpen(coroutine), name));

    /// <summary>Starts a coroutine that receives its task's cancellation token.</summary>
    public AioTask CreateTask(Func<CancellationToken, Task> coroutine, string? name = null) => Adopt(Loop.CreateTask(CheckOpen(coroutine), name));

    /// <summary>Starts a coroutine with a result; the returned task gives the result and its own Cancel.</summary>
    public AioTask<T> CreateTask<T>(Func<Task<T>> coroutine, string? name = null) => Adopt(Loop.CreateTask(CheckOpen(coroutine), name));

    /// <summary>Starts a coroutine with a result that receives its task's cancellation token.</summary>
    public AioTask<T> CreateTask<T>(Func<CancellationToken, Task<T>> coroutine, string? name = null) => Adopt(Loop.CreateTask(CheckOpen(coroutine), name));

    /// <summary>
    /// Starts <paramref name="coroutine"/> as a task of the group without returning a handle (Trio's
    /// <c>nursery.start_soon</c>): the group owns it, so nothing needs awaiting and the compiler's "call is not
    /// awaited" warning does not apply. Use <see cref="CreateTask(Func{Task}, string?)"/> when you need the handle.
    /// </summary>
    public void StartSoon(Func<Task> coroutine, string? name = null) => CreateTask(coroutine, name);

    /// <summary>Starts a coroutine that receives its task's cancellation token, without returning a handle.</summary>
    public void StartSoon(Func<CancellationToken, Task> coroutine, string? name = null) => CreateTask(coroutine, name);

    /// <summary>Cancels every task of the group and the body; the group then ends without an error of its own.</summary>
    public void Cancel()
    {
        Loop.CheckThread();
        if (_state is Body or Exiting)
        {
            Abort();
        }
    }

    /// <summary>Describes the group.</summary>
    public override string ToString() =>
        $"<{GetType().Name} tasks={_tasks.Count}{(_aborting ? " cancelling" : string.Empty)}{(_state == Finished ? " finished" : string.Empty)}>";

    private EventLoop Loop => _parent?.Loop ?? throw new InvalidOperationException($"{GetType().Name} {this} has not been entered");

    private protected Task<T> RunCore<T>(Func<TaskGroup, Task> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var parent = Asyncio.RequireTaskContext(GetType().Name);
        _parent = parent;
        _state = Body;
        return RunEntered<T>(parent, body);
    }

    private async Task<T> RunEntered<T>(AioContext parent, Func<TaskGroup, Task> body)
    {
        Exception? bodyError = null;
        T result = default!;
        try
        {
            result = await _bodyScope.RunCore<T>(_ => body(this));
        }
#pragma warning disable AIO004 // the body's outcome, cancellation included, is recorded and rethrown at exit
        catch (Exception e)
        {
            bodyError = e;
        }
#pragma warning restore AIO004

        _state = Exiting;
        var propagate = bodyError as CancelledError;
        var outsideCancel = propagate is { } pc && IsOutside(pc);
        if (bodyError is not null && !_aborting)
        {
            Abort();
        }

        var cancellable = true;
        while (_tasks.Count > 0)
        {
            _onCompleted = new Future<bool>(parent.Loop);
            try
            {
                await (cancellable ? _onCompleted.WaitAsync() : _onCompleted.WaitUncancellableAsync());
            }
#pragma warning disable AIO004 // recorded and rethrown once the children have finished
            catch (CancelledError ce)
            {
                propagate ??= ce;
                outsideCancel |= IsOutside(ce);
                cancellable = false;
                if (!_aborting)
                {
                    Abort();
                }
            }
#pragma warning restore AIO004

            _onCompleted = null;
        }

        _state = Finished;
        if (bodyError is not null and not CancelledError)
        {
            _errors.Add(bodyError);
        }

        CollectSupervisedErrors();
        if (_errors.Count > 0)
        {
            if (outsideCancel)
            {
                parent.Task!.RearmCancellation();
            }

            throw new ExceptionGroup($"unhandled errors in a {GetType().Name}", _errors);
        }

        if (propagate is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(propagate);
        }

        return result;
    }

    private protected virtual void CollectSupervisedErrors()
    {
    }

    private protected void AddError(Exception e) => _errors.Add(e);

    private static bool IsOutside(CancelledError e) => e.Scope is null;

    private TDelegate CheckOpen<TDelegate>(TDelegate coroutine)
        where TDelegate : Delegate
    {
        ArgumentNullException.ThrowIfNull(coroutine);
        switch (_state)
        {
            case New:
                throw new InvalidOperationException($"{GetType().Name} {this} has not been entered");
            case Finished:
            case Exiting when _tasks.Count == 0:
                throw new InvalidOperationException($"{GetType().Name} {this} is finished");
        }

        if (_aborting)
        {
            throw new InvalidOperationException($"{GetType().Name} {this} is shutting down");
        }

        return coroutine;
    }

    private TTask Adopt<TTask>(TTask task)
        where TTask : AioTask
    {
        task.Parent = this;
        _tasks.Add(task);
        task.AddSink(this);
        return task;
    }

    private void Abort()
    {
        _aborting = true;
        foreach (var t in _tasks)
        {
            t.Cancel();
        }

        if (_state == Body)
        {
            _bodyScope.Cancel();
        }
    }

    void IFutureSink.OnFutureDone(Future future)
    {
        var task = (AioTask)future;
        _tasks.Remove(task);
        if (_tasks.Count == 0)
        {
            _onCompleted?.TrySetResult(true);
        }

        if (task.Cancelled || task.FailedWith is not { } error)
        {
            return;
        }

        if (this is SupervisorGroup supervisor)
        {
            supervisor.TrackFailure(task);
            return;
        }

        task.MarkExceptionRetrieved();
        _errors.Add(error);
        if (!_aborting)
        {
            Abort();
        }
    }
}
