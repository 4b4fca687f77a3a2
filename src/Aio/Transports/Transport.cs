namespace Aio;

/// <summary>
/// A stream connection (TCP, Unix socket, TLS, or a subprocess pipe): asyncio's <c>asyncio.Transport</c>.
/// Loop thread only. Writes never block: data that cannot be sent at once is buffered, and the protocol is told
/// to pause when the buffer passes the high-water mark (default 64 KiB) and to resume at the low-water mark
/// (default 16 KiB).
/// </summary>
public abstract class Transport
{
    private protected Transport()
    {
    }

    /// <summary>The protocol receiving this transport's callbacks: asyncio's <c>get_protocol()</c>/<c>set_protocol()</c>.</summary>
    public abstract Protocol Protocol { get; set; }

    /// <summary>Whether the transport is closing or closed: asyncio's <c>is_closing()</c>.</summary>
    public abstract bool IsClosing { get; }

    /// <summary>Whether the transport is receiving: asyncio's <c>is_reading()</c>.</summary>
    public abstract bool IsReading { get; }

    /// <summary>
    /// Queues <paramref name="data"/> for sending; never blocks: asyncio's <c>write()</c>. An empty write does
    /// nothing. After the peer broke the connection the data is dropped (the protocol has been told through
    /// <see cref="Protocol.ConnectionLost"/>).
    /// </summary>
    /// <exception cref="InvalidOperationException">The transport was closed with <see cref="Close"/> or
    /// <see cref="Abort"/>, or <see cref="WriteEof"/> was called.</exception>
    public abstract void Write(ReadOnlySpan<byte> data);

    /// <summary>Writes each buffer in order: asyncio's <c>writelines()</c>.</summary>
    public void WriteLines(IEnumerable<ReadOnlyMemory<byte>> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        foreach (var line in lines)
        {
            Write(line.Span);
        }
    }

    /// <summary>
    /// Closes the sending side once the buffered data is sent (the peer reads EOF): asyncio's <c>write_eof()</c>.
    /// </summary>
    /// <exception cref="NotSupportedException">The transport cannot half-close (TLS); see <see cref="CanWriteEof"/>.</exception>
    public abstract void WriteEof();

    /// <summary>Whether <see cref="WriteEof"/> is supported: asyncio's <c>can_write_eof()</c>.</summary>
    public abstract bool CanWriteEof();

    /// <summary>
    /// Closes the transport after the buffered data is sent; the protocol's <see cref="Protocol.ConnectionLost"/>
    /// then runs with null: asyncio's <c>close()</c>. Idempotent.
    /// </summary>
    public abstract void Close();

    /// <summary>Closes at once, dropping buffered data: asyncio's <c>abort()</c>.</summary>
    public abstract void Abort();

    /// <summary>Stops receiving until <see cref="ResumeReading"/>: asyncio's <c>pause_reading()</c>. Idempotent.</summary>
    public abstract void PauseReading();

    /// <summary>Resumes receiving: asyncio's <c>resume_reading()</c>. Idempotent.</summary>
    public abstract void ResumeReading();

    /// <summary>
    /// Sets the write-buffer water marks: asyncio's <c>set_write_buffer_limits(high, low)</c>. With only
    /// <paramref name="high"/>, low is high / 4; with neither, 64 KiB and 16 KiB.
    /// </summary>
    /// <exception cref="ArgumentException">Not <c>high &gt;= low &gt;= 0</c>.</exception>
    public abstract void SetWriteBufferLimits(int? high = null, int? low = null);

    /// <summary>The water marks: asyncio's <c>get_write_buffer_limits()</c>.</summary>
    public abstract (int Low, int High) GetWriteBufferLimits();

    /// <summary>Bytes buffered and not yet sent: asyncio's <c>get_write_buffer_size()</c>.</summary>
    public abstract int GetWriteBufferSize();

    /// <summary>
    /// Information about the connection: asyncio's <c>get_extra_info(name, default)</c>. Names: <c>"peername"</c>
    /// and <c>"sockname"</c> (<see cref="System.Net.EndPoint"/>), <c>"socket"</c>; with TLS also
    /// <c>"ssl_object"</c> (the <see cref="System.Net.Security.SslStream"/>), <c>"peercert"</c>, <c>"cipher"</c>,
    /// <c>"ssl_protocol"</c>; for pipes <c>"pipe"</c> (the <see cref="Stream"/>).
    /// </summary>
    public abstract object? GetExtraInfo(string name, object? defaultValue = null);
}
