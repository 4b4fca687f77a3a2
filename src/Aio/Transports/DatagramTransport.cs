using System.Buffers;
using System.Net;
using System.Net.Sockets;

namespace Aio;

/// <summary>
/// A UDP endpoint: asyncio's <c>asyncio.DatagramTransport</c>, from <see cref="EventLoop.CreateDatagramEndpoint"/>.
/// Loop thread only. Sends never block: a datagram the socket cannot take at once is queued.
/// </summary>
public sealed class DatagramTransport
{
    private const int MaxDatagram = 64 * 1024;
    private static readonly Action<object?> s_onReceive = static s => ((DatagramTransport)s!).OnReceive();

    private readonly EventLoop _loop;
    private readonly Socket _socket;
    private readonly EndPoint? _remote;
    private readonly SocketAsyncEventArgs _receiveArgs = new();
    private readonly Queue<(byte[] Buffer, int Length, EndPoint? To)> _queue = new();
    private readonly byte[] _buffer = ArrayPool<byte>.Shared.Rent(MaxDatagram);
    private int _queuedBytes;
    private bool _sending;
    private bool _closing;
    private bool _lost;
    private bool _receiving;

    internal DatagramTransport(EventLoop loop, Socket socket, DatagramProtocol protocol, EndPoint? remote)
    {
        _loop = loop;
        _socket = socket;
        _remote = remote;
        Protocol = protocol;
        loop.TrackResource(this);
        socket.Blocking = false;
        _receiveArgs.Completed += (_, _) => _loop.PostFromAnyThread(s_onReceive, this, _loop.BaseContext);
    }

    /// <summary>The protocol receiving the callbacks: asyncio's <c>get_protocol()</c>.</summary>
    public DatagramProtocol Protocol { get; }

    /// <summary>Whether the endpoint is closing or closed: asyncio's <c>is_closing()</c>.</summary>
    public bool IsClosing => _closing;

    /// <summary>Bytes queued and not yet sent: asyncio's <c>get_write_buffer_size()</c>.</summary>
    public int GetWriteBufferSize() => _queuedBytes;

    /// <summary>Information about the endpoint: <c>"sockname"</c>, <c>"peername"</c>, <c>"socket"</c> (asyncio's <c>get_extra_info()</c>).</summary>
    public object? GetExtraInfo(string name, object? defaultValue = null) => name switch
    {
        "socket" => _socket,
        "sockname" when !_lost => _socket.LocalEndPoint,
        "peername" => _remote ?? defaultValue,
        _ => defaultValue,
    };

    /// <summary>
    /// Sends one datagram to <paramref name="to"/> (or to the connected remote address): asyncio's
    /// <c>sendto()</c>. A send error goes to <see cref="DatagramProtocol.ErrorReceived"/>.
    /// </summary>
    /// <exception cref="ArgumentException">A connected endpoint given another address, or an unconnected one none.</exception>
    /// <exception cref="InvalidOperationException">The endpoint is closed.</exception>
    public void SendTo(ReadOnlySpan<byte> data, EndPoint? to = null)
    {
        _loop.CheckThread();
        if (_closing)
        {
            throw new InvalidOperationException("Cannot call SendTo() on a closed datagram transport");
        }

        if (_remote is not null && to is not null && !to.Equals(_remote))
        {
            throw new ArgumentException($"Invalid address: must be null or {_remote}", nameof(to));
        }

        if (_remote is null && to is null)
        {
            throw new ArgumentException("An unconnected datagram endpoint needs a destination address", nameof(to));
        }

        if (_queue.Count == 0)
        {
            try
            {
                var code = SocketError.Success;
                if (_remote is null)
                {
                    _socket.SendTo(data, SocketFlags.None, to!);
                }
                else
                {
                    _socket.Send(data, SocketFlags.None, out code);
                }

                if (code == SocketError.Success)
                {
                    return;
                }

                if (code != SocketError.WouldBlock)
                {
                    throw new SocketException((int)code);
                }
            }
            catch (SocketException e) when (e.SocketErrorCode != SocketError.WouldBlock)
            {
                ReportError(e);
                return;
            }
            catch (SocketException)
            {
                // Would block: queue it below.
            }
        }

        var copy = ArrayPool<byte>.Shared.Rent(data.Length);
        data.CopyTo(copy);
        _queue.Enqueue((copy, data.Length, to));
        _queuedBytes += data.Length;
        if (!_sending)
        {
            _ = SendQueuedAsync();
        }
    }

    private async Task SendQueuedAsync()
    {
        _sending = true;
        try
        {
            while (_queue.TryPeek(out var item) && !_lost)
            {
                try
                {
                    var memory = item.Buffer.AsMemory(0, item.Length);
                    await (item.To is null ? _socket.SendAsync(memory) : _socket.SendToAsync(memory, item.To));
                }
                catch (SocketException e)
                {
                    ReportError(e);
                }
                catch (ObjectDisposedException)
                {
                    break;
                }

                _queue.Dequeue();
                _queuedBytes -= item.Length;
                ArrayPool<byte>.Shared.Return(item.Buffer);
            }
        }
        finally
        {
            _sending = false;
            if (_closing && !_lost)
            {
                ConnectionLost(null);
            }
        }
    }

    /// <summary>Closes after queued datagrams are sent: asyncio's <c>close()</c>. Idempotent.</summary>
    public void Close()
    {
        _loop.CheckThread();
        if (_closing)
        {
            return;
        }

        _closing = true;
        if (!_sending)
        {
            _loop.EnqueueReady(new Action(() => ConnectionLost(null)), null, _loop.BaseContext);
        }
    }

    /// <summary>Closes at once, dropping queued datagrams: asyncio's <c>abort()</c>.</summary>
    public void Abort()
    {
        _loop.CheckThread();
        _closing = true;
        _loop.EnqueueReady(new Action(() => ConnectionLost(null)), null, _loop.BaseContext);
    }

    internal void Start()
    {
        try
        {
            Protocol.ConnectionMade(this);
        }
        catch (Exception e)
        {
            _loop.CallExceptionHandler(new ExceptionContext("Fatal error: protocol.ConnectionMade() call failed.", e));
            Abort();
            return;
        }

        Receive();
    }

    private void Receive()
    {
        while (!_closing)
        {
            _receiveArgs.SetBuffer(_buffer, 0, _buffer.Length);
            _receiveArgs.RemoteEndPoint = _socket.AddressFamily == AddressFamily.InterNetworkV6
                ? new IPEndPoint(IPAddress.IPv6Any, 0)
                : new IPEndPoint(IPAddress.Any, 0);
            _receiving = true;
            bool pending;
            try
            {
                pending = _socket.ReceiveFromAsync(_receiveArgs);
            }
            catch (ObjectDisposedException)
            {
                _receiving = false;
                return;
            }

            if (pending)
            {
                return;
            }

            _loop.EnqueueReady(s_onReceive, this, _loop.BaseContext);
            return;
        }
    }

    private void OnReceive()
    {
        _receiving = false;
        if (_lost)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            return;
        }

        if (_closing)
        {
            return;
        }

        try
        {
            if (_receiveArgs.SocketError == SocketError.Success)
            {
                Protocol.DatagramReceived(new ReadOnlySpan<byte>(_buffer, 0, _receiveArgs.BytesTransferred), _receiveArgs.RemoteEndPoint!);
            }
            else if (_receiveArgs.SocketError != SocketError.OperationAborted)
            {
                Protocol.ErrorReceived(new SocketException((int)_receiveArgs.SocketError));
            }
        }
        catch (Exception e)
        {
            _loop.CallExceptionHandler(new ExceptionContext("Fatal error: protocol.DatagramReceived() call failed.", e));
            Abort();
            return;
        }

        Receive();
    }

    private void ReportError(Exception e)
    {
        try
        {
            Protocol.ErrorReceived(e);
        }
        catch (Exception inner)
        {
            _loop.CallExceptionHandler(new ExceptionContext("protocol.ErrorReceived() failed", inner));
        }
    }

    private void ConnectionLost(Exception? error)
    {
        if (_lost)
        {
            return;
        }

        _lost = true;
        _loop.ForgetResource(this);
        _socket.Dispose();
        while (_queue.TryDequeue(out var item))
        {
            ArrayPool<byte>.Shared.Return(item.Buffer);
        }

        _queuedBytes = 0;
        if (!_receiving)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
        }

        try
        {
            Protocol.ConnectionLost(error);
        }
        catch (Exception e)
        {
            _loop.CallExceptionHandler(new ExceptionContext("Fatal error: protocol.ConnectionLost() call failed.", e));
        }
    }
}
