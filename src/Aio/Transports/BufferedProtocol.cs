namespace Aio;

/// <summary>
/// A <see cref="Protocol"/> that receives straight into memory it provides, with no copy out of a transport
/// buffer: asyncio's <c>asyncio.BufferedProtocol</c>. The transport asks for memory with <see cref="GetBuffer"/>
/// just before it receives and reports how much it wrote with <see cref="BufferUpdated"/>;
/// <see cref="Protocol.DataReceived"/> is never called by a transport.
/// </summary>
/// <remarks>
/// The memory must stay valid and untouched until <see cref="BufferUpdated"/> or
/// <see cref="Protocol.ConnectionLost"/> is called: on Linux sockets the receive happens within the call that
/// asked for it, but TLS and pipe transports (and sockets elsewhere) keep a receive outstanding into it. A
/// <see cref="GetBuffer"/> may be followed by another <see cref="GetBuffer"/> with no update in between when the
/// receive found nothing; the earlier memory is then no longer used.
/// </remarks>
public abstract class BufferedProtocol : Protocol
{
    /// <summary>
    /// Returns memory for the next receive, at least one byte long: asyncio's <c>get_buffer(sizehint)</c>.
    /// <paramref name="sizeHint"/> is the size the transport would like; more or less is fine.
    /// </summary>
    public abstract Memory<byte> GetBuffer(int sizeHint);

    /// <summary>
    /// <see cref="GetBuffer"/>, told whether the receive is <paramref name="synchronous"/>: made and delivered
    /// before the transport's call returns, so that no other code runs while it writes into the memory.
    /// </summary>
    internal virtual Memory<byte> GetReceiveBuffer(int sizeHint, bool synchronous) => GetBuffer(sizeHint);

    /// <summary>
    /// The last receive wrote <paramref name="count"/> bytes at the start of the memory <see cref="GetBuffer"/>
    /// returned: asyncio's <c>buffer_updated(nbytes)</c>. Never called with zero: EOF is
    /// <see cref="Protocol.EofReceived"/>.
    /// </summary>
    public abstract void BufferUpdated(int count);

    /// <summary>
    /// Copies <paramref name="data"/> into the protocol through <see cref="GetBuffer"/> and
    /// <see cref="BufferUpdated"/>, for code that has bytes in hand (as asyncio's TLS layer feeds a buffered
    /// protocol).
    /// </summary>
    /// <exception cref="InvalidOperationException"><see cref="GetBuffer"/> returned empty memory.</exception>
    public sealed override void DataReceived(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            var buffer = GetBuffer(data.Length).Span;
            if (buffer.IsEmpty)
            {
                throw new InvalidOperationException("GetBuffer() returned an empty buffer");
            }

            var n = Math.Min(buffer.Length, data.Length);
            data[..n].CopyTo(buffer);
            BufferUpdated(n);
            data = data[n..];
        }
    }
}
