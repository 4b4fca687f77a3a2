namespace Aio;

/// <summary>
/// EOF came before a read could be satisfied: asyncio's <c>IncompleteReadError</c> (an <c>EOFError</c>, so here an
/// <see cref="EndOfStreamException"/>). Raised by <see cref="AsyncStreamReader.ReadExactlyAsync"/> (with
/// <see cref="Expected"/> = the count asked for) and <see cref="AsyncStreamReader.ReadUntilAsync(byte[])"/> (with
/// <see cref="Expected"/> = null); the reader's buffer is empty afterwards, its bytes are in <see cref="Partial"/>.
/// </summary>
public sealed class IncompleteReadError : EndOfStreamException
{
    /// <summary>Creates the error for <paramref name="partial"/> read of <paramref name="expected"/> (null: unknown).</summary>
    public IncompleteReadError(byte[] partial, int? expected)
        : base($"{partial.Length} bytes read on a total of {(expected is { } e ? e.ToString(System.Globalization.CultureInfo.InvariantCulture) : "undefined")} expected bytes")
    {
        Partial = partial;
        Expected = expected;
    }

    /// <summary>The bytes read before EOF: asyncio's <c>partial</c>.</summary>
    public byte[] Partial { get; }

    /// <summary>The number of bytes expected, or null when reading up to a separator: asyncio's <c>expected</c>.</summary>
    public int? Expected { get; }
}
