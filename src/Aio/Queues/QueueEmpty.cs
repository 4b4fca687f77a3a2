namespace Aio;

/// <summary>
/// Raised by <see cref="AsyncQueue{T}.GetNowait"/> when no item can be taken at once: asyncio's <c>QueueEmpty</c>.
/// </summary>
public class QueueEmpty : InvalidOperationException
{
    /// <summary>Creates the error.</summary>
    public QueueEmpty()
        : base("The queue is empty.")
    {
    }

    /// <summary>Creates the error with <paramref name="message"/>.</summary>
    public QueueEmpty(string message)
        : base(message)
    {
    }

    /// <summary>Creates the error with <paramref name="message"/> and an inner exception.</summary>
    public QueueEmpty(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
