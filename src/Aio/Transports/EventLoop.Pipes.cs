namespace Aio;

public sealed partial class EventLoop
{
    /// <summary>
    /// Attaches a new protocol to the reading end of a pipe (an anonymous pipe, a FIFO, a child's output handed
    /// over as a <see cref="Stream"/>): asyncio's <c>loop.connect_read_pipe()</c>. The protocol receives what is
    /// written into the pipe, then <see cref="Protocol.EofReceived"/> and <see cref="Protocol.ConnectionLost"/>
    /// when the writer closes it. The loop owns the stream from then on.
    /// </summary>
    /// <exception cref="ArgumentException">The stream cannot be read.</exception>
    public Task<(Transport Transport, TProtocol Protocol)> ConnectReadPipe<TProtocol>(Func<TProtocol> protocolFactory, Stream pipe)
        where TProtocol : Protocol =>
        Task.FromResult(AttachPipe(protocolFactory, pipe, read: true));

    /// <summary>
    /// Attaches a new protocol to the writing end of a pipe: asyncio's <c>loop.connect_write_pipe()</c>. Writes
    /// never block the loop (the transport buffers and applies flow control); <see cref="Transport.WriteEof"/>
    /// closes the pipe once what was written has gone out. The loop owns the stream from then on.
    /// </summary>
    /// <exception cref="ArgumentException">The stream cannot be written.</exception>
    public Task<(Transport Transport, TProtocol Protocol)> ConnectWritePipe<TProtocol>(Func<TProtocol> protocolFactory, Stream pipe)
        where TProtocol : Protocol =>
        Task.FromResult(AttachPipe(protocolFactory, pipe, read: false));

    /// <summary>A transport over one end of a pipe, started; also the subprocess pipes'.</summary>
    internal (Transport Transport, TProtocol Protocol) AttachPipe<TProtocol>(Func<TProtocol> protocolFactory, Stream pipe, bool read)
        where TProtocol : Protocol
    {
        ArgumentNullException.ThrowIfNull(protocolFactory);
        ArgumentNullException.ThrowIfNull(pipe);
        if (read ? !pipe.CanRead : !pipe.CanWrite)
        {
            throw new ArgumentException(read ? "The pipe cannot be read" : "The pipe cannot be written", nameof(pipe));
        }

        CheckThread();
        var protocol = protocolFactory();
        var transport = read
            ? new StreamTransport(this, protocol, pipe, null, canWriteEof: false)
            : new StreamTransport(this, protocol, null, pipe, canWriteEof: true);
        transport.SetExtra("pipe", pipe);
        transport.Start();
        return (transport, protocol);
    }
}
