namespace Aio;

/// <summary>
/// Raised by <see cref="BroadcastSubscription{T}.ReceiveAsync"/> when the subscriber fell so far behind that
/// messages were overwritten before it read them. <see cref="Missed"/> says how many; the next receive continues
/// with the oldest message still held. (Beyond asyncio: Tokio's <c>RecvError::Lagged</c>.)
/// </summary>
public class BroadcastLagged : Exception
{
    /// <summary>Creates the error for <paramref name="missed"/> lost messages.</summary>
    public BroadcastLagged(long missed)
        : base($"The subscriber fell behind and missed {missed} message(s).") => Missed = missed;

    /// <summary>Creates the error with a message.</summary>
    public BroadcastLagged()
        : base("The subscriber fell behind and missed messages.")
    {
    }

    /// <summary>Creates the error with <paramref name="message"/>.</summary>
    public BroadcastLagged(string message)
        : base(message)
    {
    }

    /// <summary>Creates the error with <paramref name="message"/> and an inner exception.</summary>
    public BroadcastLagged(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>How many messages this subscriber will never see.</summary>
    public long Missed { get; }
}
