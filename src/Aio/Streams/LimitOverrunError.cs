namespace Aio;

/// <summary>
/// A separator was not found within the reader's limit: asyncio's <c>LimitOverrunError</c>.
/// <see cref="AsyncStreamReader.ReadUntilAsync(byte[])"/> leaves the data in the buffer and <see cref="Consumed"/> says
/// how many bytes may be skipped. <see cref="AsyncStreamReader.ReadLineAsync"/> raises it too (asyncio converts it to a
/// <c>ValueError</c> there) after dropping the over-long line, or the whole buffer when no newline was found.
/// </summary>
public sealed class LimitOverrunError : Exception
{
    /// <summary>Creates the error; <paramref name="consumed"/> is asyncio's <c>consumed</c>.</summary>
    public LimitOverrunError(string message, int consumed)
        : base(message)
    {
        Consumed = consumed;
    }

    /// <summary>The number of bytes to be consumed (skipped) to get past the overrun: asyncio's <c>consumed</c>.</summary>
    public int Consumed { get; }
}
