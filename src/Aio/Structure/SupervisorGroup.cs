namespace Aio;

/// <summary>
/// A <see cref="TaskGroup"/> whose children fail independently (Kotlin's <c>supervisorScope</c>): a failing
/// task does not cancel its siblings or the body. When the body and all tasks are done, failures that nobody
/// retrieved (by awaiting the task or reading its <see cref="Future.Exception"/>) are raised together in an
/// <see cref="ExceptionGroup"/>, so none is lost. Cancelling the parent still cancels every task.
/// </summary>
public sealed class SupervisorGroup : TaskGroup
{
    private readonly List<AioTask> _failed = new();

    private SupervisorGroup()
    {
    }

    /// <summary>Runs <paramref name="body"/> with a new supervisor group and waits for every task started in it.</summary>
    /// <exception cref="ExceptionGroup">Tasks failed and nobody retrieved their errors, or the body failed.</exception>
    public static Task RunAsync(Func<SupervisorGroup, Task> body) =>
        new SupervisorGroup().RunCore<object?>(g => body((SupervisorGroup)g));

    /// <summary>Runs <paramref name="body"/> with a new supervisor group and returns the body's result.</summary>
    public static Task<T> RunAsync<T>(Func<SupervisorGroup, Task<T>> body) =>
        new SupervisorGroup().RunCore<T>(g => body((SupervisorGroup)g));

    /// <summary>Remembers a failed child so its error is reported at exit unless someone retrieves it.</summary>
    internal void TrackFailure(AioTask task) => _failed.Add(task);

    private protected override void CollectSupervisedErrors()
    {
        foreach (var t in _failed)
        {
            if (!t.ExceptionRetrieved && t.FailedWith is { } e)
            {
                t.MarkExceptionRetrieved();
                AddError(e);
            }
        }
    }
}
