namespace Aio;

/// <summary>
/// Raised by <see cref="AsyncBarrier.WaitAsync"/> when the barrier is aborted or reset while a task waits, or is
/// broken when it arrives: asyncio's <c>BrokenBarrierError</c>.
/// </summary>
public class BrokenBarrierError : InvalidOperationException
{
    /// <summary>Creates the error with asyncio's message.</summary>
    public BrokenBarrierError()
        : base("Abort or reset of barrier")
    {
    }

    /// <summary>Creates the error with <paramref name="message"/>.</summary>
    public BrokenBarrierError(string message)
        : base(message)
    {
    }

    /// <summary>Creates the error with <paramref name="message"/> and an inner exception.</summary>
    public BrokenBarrierError(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
