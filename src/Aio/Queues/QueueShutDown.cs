namespace Aio;

/// <summary>
/// Raised by a put on a queue or channel that was shut down, and by a get once it is shut down and drained:
/// asyncio's <c>QueueShutDown</c> (3.13).
/// </summary>
public class QueueShutDown : InvalidOperationException
{
    /// <summary>Creates the error.</summary>
    public QueueShutDown()
        : base("The queue is shut down.")
    {
    }

    /// <summary>Creates the error with <paramref name="message"/>.</summary>
    public QueueShutDown(string message)
        : base(message)
    {
    }

    /// <summary>Creates the error with <paramref name="message"/> and an inner exception.</summary>
    public QueueShutDown(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
