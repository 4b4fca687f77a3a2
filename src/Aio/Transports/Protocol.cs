namespace Aio;

/// <summary>
/// The callbacks of a stream connection: asyncio's <c>asyncio.Protocol</c> (with <c>BaseProtocol</c>'s flow
/// control). Every callback runs on the loop thread, in the loop's own context (not inside a task), and must not
/// block. Override what you need; the defaults do nothing.
/// </summary>
/// <remarks>
/// Order: <see cref="ConnectionMade"/> once, then any number of <see cref="DataReceived"/>, at most one
/// <see cref="EofReceived"/>, then <see cref="ConnectionLost"/> exactly once. <see cref="PauseWriting"/> and
/// <see cref="ResumeWriting"/> alternate, starting with a pause. An exception thrown by a callback is reported to
/// the loop's exception handler and the transport is aborted.
/// </remarks>
public abstract class Protocol
{
    /// <summary>The connection is set up; <paramref name="transport"/> is the connection: asyncio's <c>connection_made()</c>.</summary>
    public virtual void ConnectionMade(Transport transport)
    {
    }

    /// <summary>
    /// Bytes arrived: asyncio's <c>data_received()</c>. <paramref name="data"/> is a view of the transport's pooled
    /// receive buffer, valid only during the call: copy what you keep.
    /// </summary>
    public virtual void DataReceived(ReadOnlySpan<byte> data)
    {
    }

    /// <summary>
    /// The peer closed its sending side: asyncio's <c>eof_received()</c>. Return true to keep the connection open
    /// for writing (half-close; plain sockets only); false closes the transport.
    /// </summary>
    public virtual bool EofReceived() => false;

    /// <summary>
    /// The connection is closed: asyncio's <c>connection_lost()</c>. <paramref name="error"/> is null for a normal
    /// close or EOF, else the error that broke it (for example a <see cref="System.Net.Sockets.SocketException"/>
    /// with <c>ConnectionReset</c>).
    /// </summary>
    public virtual void ConnectionLost(Exception? error)
    {
    }

    /// <summary>The transport's write buffer went over its high-water mark: asyncio's <c>pause_writing()</c>.</summary>
    public virtual void PauseWriting()
    {
    }

    /// <summary>The write buffer drained to its low-water mark: asyncio's <c>resume_writing()</c>.</summary>
    public virtual void ResumeWriting()
    {
    }
}
