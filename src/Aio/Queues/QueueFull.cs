namespace Aio;

/// <summary>
/// Raised by <see cref="AsyncQueue{T}.PutNowait"/> when the queue has no free slot: asyncio's <c>QueueFull</c>.
/// </summary>
public class QueueFull : InvalidOperationException
{
    /// <summary>Creates the error.</summary>
    public QueueFull()
        : base("The queue is full.")
    {
    }

    /// <summary>Creates the error with <paramref name="message"/>.</summary>
    public QueueFull(string message)
        : base(message)
    {
    }

    /// <summary>Creates the error with <paramref name="message"/> and an inner exception.</summary>
    public QueueFull(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
