using System.Runtime.CompilerServices;

namespace Aio;

public partial class AioTask : IFlowStep
{
    private static readonly Action<object?> s_bodyCompletedOnLoop = static s => ((AioTask)s!).OnBodyCompletedOnLoop();

    /// <summary>
    /// Queues the first step. The task's <see cref="AioContext"/> is made when the step runs, so a task waiting
    /// to start holds none; in debug mode the entry carries it, so that a slow first step is reported as the
    /// task's.
    /// </summary>
    internal void Schedule() => Loop.EnqueueReady(s_start, this, Loop.Debug ? new AioContext(Loop, this, null) : null);

    /// <summary>
    /// Whether <paramref name="continuationState"/> resumes this task's body and nothing else will report the
    /// body's end: the waiter resuming it must then call <see cref="AfterBodyStep"/>.
    /// </summary>
    internal bool IsUnwatchedBody(object? continuationState) =>
        (_flags & (TaskFlags.BodyRunning | TaskFlags.BodyWatched)) == TaskFlags.BodyRunning &&
        continuationState is not null && ReferenceEquals(continuationState, _body);

    /// <summary>
    /// Called after a step of the body that an Aio waiter resumed: notices the body's end, or makes sure its
    /// end will be noticed.
    /// </summary>
    internal void AfterBodyStep()
    {
        // BodyRunning: _body holds the body's Task until it is seen to end (then null).
        if ((_flags & (TaskFlags.BodyRunning | TaskFlags.BodyWatched)) == TaskFlags.BodyRunning && _body is not null)
        {
            AfterBodyRan(Unsafe.As<Task>(_body));
        }
    }

    /// <summary>
    /// Runs the first step now, inside <c>CreateTask</c> (<see cref="EventLoop.EagerTaskStart"/>), then gives the
    /// creator its own context back.
    /// </summary>
    internal void StartEagerly()
    {
        var creator = SynchronizationContext.Current;
        try
        {
            Start();
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(creator);
        }
    }

    private void Start()
    {
        _flags |= TaskFlags.Started;
        var ec = _context as ExecutionContext;
        if (MustCancel)
        {
            _body = null;
            _context = null;
            Finish(null, new CancelledError(CancelMessage));
            return;
        }

        var context = SynchronizationContext.Current is AioContext c && ReferenceEquals(c.Task, this) && c.Scope is null
            ? c
            : new AioContext(Loop, this, null);
        _context = context;
        SynchronizationContext.SetSynchronizationContext(context);
        ExecutionFlow.Run(ec, this);
    }

    void IFlowStep.RunStep() => StartBody();

    private void StartBody()
    {
        Task body;
        try
        {
            body = InvokeBody((Delegate)_body!);
        }
        catch (Exception e)
        {
            body = Task.FromException(e);
        }

        _body = body;
        _flags |= TaskFlags.BodyRunning;
        AfterBodyRan(body);
    }

    /// <summary>
    /// Learning that a body ended through a continuation on its <see cref="Task"/> costs a delegate and a
    /// continuation object per task. A body suspended directly on an Aio waiter can only be resumed by that
    /// waiter, which calls <see cref="AfterBodyStep"/> after the step, so the continuation is registered only
    /// when the body is suspended on anything else (a nested async method, a .NET task, a foreign awaitable).
    /// </summary>
    private void AfterBodyRan(Task body)
    {
        if (body.IsCompleted)
        {
            OnBodyCompleted(body);
        }
        else if (!IsBodyParkedOnAioWait(body))
        {
            WatchBody(body);
        }
    }

    private bool IsBodyParkedOnAioWait(Task body)
    {
        if (_waits is null)
        {
            return false;
        }

        if (_waits is not WaitSet set)
        {
            return ReferenceEquals(Unsafe.As<Waiter>(_waits).ContinuationState, body);
        }

        foreach (var w in set)
        {
            if (ReferenceEquals(w.ContinuationState, body))
            {
                return true;
            }
        }

        return false;
    }

    private void WatchBody(Task body)
    {
        _flags |= TaskFlags.BodyWatched;

        // Registered under the task's own context: a body that completes in it on the loop thread runs the
        // continuation inline; from anywhere else it is posted to the loop.
        var previous = SynchronizationContext.Current;
        var root = (AioContext)_context!;
        if (!ReferenceEquals(previous, root))
        {
            SynchronizationContext.SetSynchronizationContext(root);
        }

        try
        {
            body.GetAwaiter().UnsafeOnCompleted(OnBodyCompletedAnyThread);
        }
        finally
        {
            if (!ReferenceEquals(previous, root))
            {
                SynchronizationContext.SetSynchronizationContext(previous);
            }
        }
    }

    private protected virtual Task InvokeBody(Delegate body) => body switch
    {
        Func<Task> f => f(),
        Func<CancellationToken, Task> f => f(CancellationToken),
        _ => throw new InvalidOperationException($"Unsupported task body {body.GetType()}"),
    };

    private void OnBodyCompletedAnyThread()
    {
        if (Loop.IsOnLoopThread)
        {
            OnBodyCompletedOnLoop();
        }
        else
        {
            Loop.PostFromAnyThread(s_bodyCompletedOnLoop, this, Loop.BaseContext);
        }
    }

    private void OnBodyCompletedOnLoop()
    {
        if (_body is Task body)
        {
            OnBodyCompleted(body);
        }
    }

    private void OnBodyCompleted(Task body)
    {
        _body = null;
        if (body.IsCompletedSuccessfully)
        {
            if (MustCancel)
            {
                Finish(null, new CancelledError(CancelMessage));
            }
            else
            {
                SetResultFromBody(body);
                Finish(null, null);
            }

            return;
        }

        var error = UnwrapError(body);
        if (error is CancelledError ce)
        {
            Finish(null, ce);
        }
        else if (error is OperationCanceledException oce && (_extras is { } x && (x.Cancelling > 0 || (x.Cts?.IsCancellationRequested ?? false))))
        {
            Finish(null, new CancelledError(CancelMessage, oce));
        }
        else
        {
            Finish(error, null);
        }
    }

    private protected virtual void SetResultFromBody(Task body)
    {
    }

    private static Exception UnwrapError(Task body)
    {
        try
        {
            body.GetAwaiter().GetResult();
            return new InvalidOperationException("The task body completed without an error.");
        }
        catch (Exception e)
        {
            return e;
        }
    }
}
