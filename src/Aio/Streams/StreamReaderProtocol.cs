using System.Net.Sockets;

namespace Aio;

/// <summary>
/// The protocol between a transport and a <see cref="AsyncStreamReader"/>/<see cref="AsyncStreamWriter"/> pair: feeds the
/// reader, tracks write pausing for <see cref="AsyncStreamWriter.DrainAsync"/>, and for servers starts the client
/// handler as a task (asyncio's <c>StreamReaderProtocol</c> with <c>FlowControlMixin</c>).
/// </summary>
internal sealed class StreamReaderProtocol : BufferedProtocol
{
    private readonly Func<AsyncStreamReader, AsyncStreamWriter, Task>? _clientConnected;
    private readonly WaitList _drainWaiters = new();
    private readonly WaitList _closeWaiters = new();
    private Exception? _closeError;

    internal StreamReaderProtocol(AsyncStreamReader reader, Func<AsyncStreamReader, AsyncStreamWriter, Task>? clientConnected = null)
    {
        Reader = reader;
        _clientConnected = clientConnected;
    }

    internal AsyncStreamReader Reader { get; }

    internal AsyncStreamWriter? Writer { get; private set; }

    internal bool Paused { get; private set; }

    internal bool Lost { get; private set; }

    public override void ConnectionMade(Transport transport)
    {
        Reader.SetTransport(transport);
        Writer = new AsyncStreamWriter(transport, this, Reader);
        if (_clientConnected is null)
        {
            return;
        }

        var loop = EventLoop.GetRunningLoop();
        var handler = _clientConnected;
        var reader = Reader;
        var writer = Writer;
        var task = loop.CreateTask(() => handler(reader, writer), "client_connected_cb");
        task.AddDoneCallback(t =>
        {
            if (t.Cancelled || t.Exception is not { } error)
            {
                // The handler is the connection's lifetime: when it returns, the connection is done (asyncio
                // leaves an unclosed writer to the garbage collector).
                writer.Transport.Close();
                return;
            }

            loop.CallExceptionHandler(new ExceptionContext("Unhandled exception in client_connected_cb", error)
            {
                Task = (AioTask)t,
                Extra = new Dictionary<string, object?> { ["transport"] = writer.Transport },
            });
            writer.Transport.Close();
        });
    }

    // Receives go straight into the reader's buffer: one copy fewer than feeding it from the transport's.
    public override Memory<byte> GetBuffer(int sizeHint) => Reader.Lend();

    internal override Memory<byte> GetReceiveBuffer(int sizeHint, bool synchronous) => Reader.Lend(synchronous);

    public override void BufferUpdated(int count) => Reader.Filled(count);

    public override bool EofReceived()
    {
        Reader.FeedEof();
        return true;
    }

    public override void ConnectionLost(Exception? error)
    {
        if (error is null)
        {
            Reader.FeedEof();
        }
        else
        {
            Reader.SetException(error);
        }

        Lost = true;
        _closeError = error;
        _closeWaiters.WakeAll(error);
        _drainWaiters.WakeAll(error);
    }

    public override void PauseWriting() => Paused = true;

    public override void ResumeWriting()
    {
        Paused = false;
        _drainWaiters.WakeAll();
    }

    internal ValueTask WaitDrainedAsync(AioContext context)
    {
        if (Lost)
        {
            throw new SocketException((int)SocketError.ConnectionReset);
        }

        return Paused ? _drainWaiters.WaitAsync(context) : ValueTask.CompletedTask;
    }

    internal ValueTask WaitClosedAsync(AioContext context)
    {
        if (Lost)
        {
            return _closeError is { } e ? ValueTask.FromException(e) : ValueTask.CompletedTask;
        }

        return _closeWaiters.WaitAsync(context);
    }
}
