namespace Aio;

/// <summary>
/// A callback scheduled on a loop by <see cref="EventLoop.CallSoon(Action)"/> or
/// <see cref="EventLoop.CallSoonThreadsafe(Action)"/>: asyncio's <c>Handle</c>.
/// </summary>
public class Handle
{
    private readonly Delegate _callback;
    private readonly object? _state;
    private volatile bool _cancelled;

    internal Handle(EventLoop loop, Delegate callback, object? state)
    {
        Loop = loop;
        _callback = callback;
        _state = state;
    }

    /// <summary>The loop the callback belongs to.</summary>
    public EventLoop Loop { get; }

    /// <summary>Whether <see cref="Cancel"/> was called: asyncio's <c>Handle.cancelled()</c>.</summary>
    public bool Cancelled => _cancelled;

    /// <summary>
    /// Stops the callback from running if it has not run yet; calling it again does nothing:
    /// asyncio's <c>Handle.cancel()</c>.
    /// </summary>
    public virtual void Cancel() => _cancelled = true;

    internal void Run()
    {
        if (_cancelled)
        {
            return;
        }

        switch (_callback)
        {
            case Action a:
                a();
                break;
            case Action<object?> a:
                a(_state);
                break;
            default:
                _callback.DynamicInvoke(_state);
                break;
        }
    }

    /// <summary>Describes the callback, for error reports.</summary>
    public override string ToString() =>
        $"<{GetType().Name} {_callback.Method.DeclaringType?.Name}.{_callback.Method.Name}(){(_cancelled ? " cancelled" : string.Empty)}>";
}
