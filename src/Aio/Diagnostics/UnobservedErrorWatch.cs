namespace Aio;

/// <summary>
/// Reports a failed task whose exception nobody retrieved (asyncio's "Task exception was never retrieved") when
/// the task is garbage-collected. Debug mode only: the failed task holds this small finalizable sentinel, and
/// retrieving the exception suppresses it, so the task type itself needs no finalizer on the fast path.
/// </summary>
internal sealed class UnobservedErrorWatch
{
    private readonly EventLoop _loop;
    private readonly Exception _error;
    private readonly string _name;
    private readonly string? _creationStack;

    internal UnobservedErrorWatch(AioTask task, Exception error)
    {
        _loop = task.Loop;
        _error = error;
        _name = task.Name;
        _creationStack = task.CreationStack;
    }

    ~UnobservedErrorWatch()
    {
        // A finalizer must never throw (that ends the process), whatever state the loop or the console is in.
        try
        {
            var created = _creationStack is null ? string.Empty : $"\nTask created at:\n{_creationStack}";
            var context = new ExceptionContext($"Task exception was never retrieved (task '{_name}'){created}", _error);
            if (!_loop.IsClosed)
            {
                try
                {
                    _loop.CallSoonThreadsafe(() => _loop.CallExceptionHandler(context));
                    return;
                }
                catch (InvalidOperationException)
                {
                    // Closed between the check and the call: report directly below.
                }
            }

            _loop.DefaultExceptionHandler(context);
        }
        catch (Exception)
        {
            // Nowhere left to report to.
        }
    }
}
