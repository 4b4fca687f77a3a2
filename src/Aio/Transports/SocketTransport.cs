using System.Net.Sockets;

namespace Aio;

/// <summary>
/// A TCP or Unix-socket transport. Where the loop has a readiness poller (Linux), the socket is read and written on
/// the loop thread when it is ready (see the Polled part). Elsewhere it receives and sends with reusable
/// <see cref="SocketAsyncEventArgs"/> (no allocation per operation), and tries each write on the loop thread first
/// with a non-blocking send, so an unloaded connection sends without any thread hop.
/// </summary>
internal sealed partial class SocketTransport : FlowTransport
{
    private readonly SocketAsyncEventArgs _receiveArgs = new();
    private readonly SocketAsyncEventArgs _sendArgs = new();
    private TaskCompletionSource<(byte[]? Buffer, int Count, Exception? Error)>? _divert;

    internal SocketTransport(EventLoop loop, Socket socket, Protocol protocol)
        : base(loop, protocol)
    {
        Socket = socket;
        socket.Blocking = false;
        if (socket.ProtocolType == ProtocolType.Tcp)
        {
            socket.NoDelay = true;
        }

        _receiveArgs.UserToken = this;
        _sendArgs.UserToken = this;
        _receiveArgs.Completed += static (_, e) => ((SocketTransport)e.UserToken!).ReceiveDone(e);
        _sendArgs.Completed += static (_, e) => ((SocketTransport)e.UserToken!).SendDone(e);
        SetExtra("socket", socket);
        SetExtra("sockname", SafeEndPoint(() => socket.LocalEndPoint));
        SetExtra("peername", SafeEndPoint(() => socket.RemoteEndPoint));
        if (loop.Poller is { } poller)
        {
            StartPolling(poller);
        }
    }

    internal Socket Socket { get; }

    private protected override bool CanRead => true;

    public override bool CanWriteEof() => true;

    private static System.Net.EndPoint? SafeEndPoint(Func<System.Net.EndPoint?> get)
    {
        try
        {
            return get();
        }
        catch (SocketException)
        {
            return null;
        }
    }

    private protected override void BeginReceive()
    {
        if (Polled)
        {
            ReceiveWhenReady();
            return;
        }

        if (!TryLendReceiveBuffer(synchronous: false, out var buffer))
        {
            return;
        }

        _receiveArgs.SetBuffer(buffer);
        bool pending;
        try
        {
            pending = Socket.ReceiveAsync(_receiveArgs);
        }
        catch (Exception e)
        {
            ReceiveCompleted(0, e);
            return;
        }

        if (!pending)
        {
            ReceiveDone(_receiveArgs);
        }
    }

    private void ReceiveDone(SocketAsyncEventArgs e)
    {
        if (e.SocketError == SocketError.Success)
        {
            ReceiveCompleted(e.BytesTransferred, null);
        }
        else
        {
            ReceiveCompleted(0, new SocketException((int)e.SocketError));
        }
    }

    private protected override int TrySendNow(ReadOnlySpan<byte> data, out Exception? error)
    {
        error = null;
        int sent;
        SocketError code;
        try
        {
            sent = Socket.Send(data, SocketFlags.None, out code);
        }
        catch (Exception e)
        {
            error = e;
            return 0;
        }

        if (code == SocketError.Success)
        {
            if (sent < data.Length)
            {
                WriteBlocked();
            }

            return sent;
        }

        if (code == SocketError.WouldBlock)
        {
            WriteBlocked();
        }
        else
        {
            error = new SocketException((int)code);
        }

        return 0;
    }

    private protected override void BeginSend(byte[] buffer, int offset, int count)
    {
        if (Polled)
        {
            SendWhenReady(buffer, offset, count);
            return;
        }

        _sendArgs.SetBuffer(buffer, offset, count);
        bool pending;
        try
        {
            pending = Socket.SendAsync(_sendArgs);
        }
        catch (Exception e)
        {
            SendCompleted(0, e);
            return;
        }

        if (!pending)
        {
            SendDone(_sendArgs);
        }
    }

    private void SendDone(SocketAsyncEventArgs e)
    {
        if (e.SocketError == SocketError.Success)
        {
            SendCompleted(e.BytesTransferred, null);
        }
        else
        {
            SendCompleted(0, new SocketException((int)e.SocketError));
        }
    }

    private protected override void ShutdownSend() => Socket.Shutdown(SocketShutdown.Send);

    private protected override void CloseIo(bool abort)
    {
        if (Polled)
        {
            // Nothing is outstanding in the kernel: stop watching, then close (a plain close is graceful).
            StopPolling();
            ForgetOutstandingIo(reads: true, sends: true);
            Socket.Dispose();
            return;
        }

        _divert?.TrySetResult((null, 0, new ObjectDisposedException(nameof(Socket))));
        if (!abort && IoInFlight)
        {
            // Disposing a socket with a receive outstanding makes .NET close it abortively (RST); shut it down
            // instead, which ends the receive, and dispose once nothing is in flight.
            try
            {
                Socket.Shutdown(SocketShutdown.Both);
                return;
            }
            catch (SocketException)
            {
                // Already disconnected: nothing left to close gracefully.
            }
            catch (ObjectDisposedException)
            {
                return;
            }
        }

        Socket.Dispose();
    }

    private protected override void IoIdleAfterClose() => Socket.Dispose();

    /// <summary>
    /// Hands the socket over (STARTTLS): stops reading and returns a task with the bytes of the receive that was
    /// still outstanding (none if there was none). After the handover this transport no longer owns the socket.
    /// </summary>
    internal Task<(byte[]? Buffer, int Count, Exception? Error)> DetachReads()
    {
        PauseReading();
        if (Polled)
        {
            // Unread bytes stay in the socket for the new owner; only the watch has to go.
            StopPolling();
            ForgetOutstandingIo(reads: true, sends: false);
        }

        if (!ReadInFlight)
        {
            return Task.FromResult<(byte[]?, int, Exception?)>((null, 0, null));
        }

        _divert = new TaskCompletionSource<(byte[]?, int, Exception?)>(TaskCreationOptions.RunContinuationsAsynchronously);
        return _divert.Task;
    }

    private protected override bool DivertReceive(ReadOnlySpan<byte> data, Exception? error)
    {
        if (_divert is not { } d)
        {
            return false;
        }

        _divert = null;
        d.TrySetResult((data.ToArray(), data.Length, error));
        return true;
    }
}
