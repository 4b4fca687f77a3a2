namespace Aio;

/// <summary>
/// Raised inside a task when it is cancelled: asyncio's <c>CancelledError</c>.
/// </summary>
/// <remarks>
/// It derives from <see cref="OperationCanceledException"/>, so an async method that lets it escape ends
/// <see cref="System.Threading.Tasks.TaskStatus.Canceled"/> and every .NET library treats it as cancellation.
/// Unlike Python (where <c>CancelledError</c> is a <c>BaseException</c>), a broad <c>catch (Exception)</c> does
/// catch it in C#: rethrow it, or let the Aio analyzer point such catches out.
/// </remarks>
public class CancelledError : OperationCanceledException
{
    /// <summary>Creates a cancellation error without a message.</summary>
    public CancelledError()
        : base(DefaultMessage)
    {
    }

    /// <summary>Creates a cancellation error carrying the message given to <c>Cancel(msg)</c>.</summary>
    public CancelledError(string? message)
        : base(message ?? DefaultMessage)
    {
        CancelMessage = message;
    }

    /// <summary>Creates a cancellation error with an inner exception.</summary>
    public CancelledError(string? message, Exception? innerException)
        : base(message ?? DefaultMessage, innerException)
    {
        CancelMessage = message;
    }

    /// <summary>Creates a cancellation error raised because <paramref name="token"/> was cancelled.</summary>
    public CancelledError(string? message, CancellationToken token)
        : base(message ?? DefaultMessage, token)
    {
        CancelMessage = message;
    }

    internal const string DefaultMessage = "The operation was cancelled.";

    /// <summary>The message passed to <c>Cancel(msg)</c>, or null: asyncio's <c>CancelledError.args[0]</c>.</summary>
    public string? CancelMessage { get; }

    /// <summary>The cancel scope whose cancellation raised this error; null for a task-level cancel.</summary>
    internal CancelScope? Scope { get; init; }
}
