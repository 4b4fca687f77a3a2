using System.Net.Security;
using System.Net.Sockets;

namespace Aio;

/// <summary>
/// A listening server: asyncio's <c>asyncio.Server</c>, from <see cref="EventLoop.CreateServer"/> or
/// <see cref="Asyncio.StartServer"/>. Loop thread only. <see cref="Close"/> stops accepting; connections already
/// accepted carry on until they close, and <see cref="WaitClosedAsync"/> waits for them (asyncio 3.12+ rules).
/// <c>await using</c> closes and waits.
/// </summary>
public sealed partial class Server : IAsyncDisposable
{
    private static readonly Action<object?> s_onAccept = static s => ((AcceptArgs)s!).Server.OnAccept((AcceptArgs)s!);

    private readonly List<Socket> _sockets;
    private readonly Func<Protocol> _protocolFactory;
    private readonly SslServerAuthenticationOptions? _ssl;
    private readonly string? _unixPath;
    private readonly HashSet<FlowTransport> _clients = [];
    private readonly WaitList _closedWaiters = new();
    private readonly WaitList _forever = new();
    private readonly Action<FlowTransport> _detach;
    private int _handshakes;
    private bool _serving;
    private bool _closed;
    private bool _servingForever;

    internal Server(EventLoop loop, List<Socket> sockets, Func<Protocol> protocolFactory, SslServerAuthenticationOptions? ssl, string? unixPath)
    {
        Loop = loop;
        _sockets = sockets;
        _protocolFactory = protocolFactory;
        _ssl = ssl;
        _unixPath = unixPath;
        _detach = Detach;
        loop.TrackResource(this);
    }

    /// <summary>The loop serving: asyncio's <c>get_loop()</c>.</summary>
    public EventLoop Loop { get; }

    /// <summary>The listening sockets (empty once closed): asyncio's <c>sockets</c>.</summary>
    public IReadOnlyList<Socket> Sockets => _closed ? [] : _sockets;

    /// <summary>Whether the server accepts connections: asyncio's <c>is_serving()</c>.</summary>
    public bool IsServing => _serving && !_closed;

    /// <summary>The number of connections currently open.</summary>
    public int ActiveConnections => _clients.Count + _handshakes;

    /// <summary>Starts accepting, if not already: asyncio's <c>start_serving()</c> (returns at once).</summary>
    /// <exception cref="InvalidOperationException">The server is closed.</exception>
    public void StartServing()
    {
        Loop.CheckThread();
        if (_closed)
        {
            throw new InvalidOperationException($"server {this} is closed");
        }

        if (_serving)
        {
            return;
        }

        _serving = true;
        if (TryServePolled())
        {
            return;
        }

        foreach (var socket in _sockets)
        {
            var args = new AcceptArgs(this, socket);
            args.Completed += static (_, e) => ((AcceptArgs)e).Post();
            AcceptNext(args);
        }
    }

    /// <summary>
    /// Serves until cancelled or closed: asyncio's <c>serve_forever()</c>. On cancellation the server is closed
    /// and its connections awaited before the <see cref="CancelledError"/> propagates; closing the server from
    /// elsewhere also ends it with <see cref="CancelledError"/>, as in asyncio. An Aio wait.
    /// </summary>
    /// <exception cref="InvalidOperationException">Already being served forever, or closed.</exception>
    public async Task ServeForeverAsync()
    {
        var context = Asyncio.RequireContext(Loop);
        if (_servingForever)
        {
            throw new InvalidOperationException($"server {this} is already being awaited on ServeForeverAsync()");
        }

        if (_closed)
        {
            throw new InvalidOperationException($"server {this} is closed");
        }

        StartServing();
        _servingForever = true;
        try
        {
            await _forever.WaitAsync(context);
            throw new CancelledError("server closed");
        }
        catch (CancelledError)
        {
            Close();
            try
            {
                await WaitClosedAsync();
            }
#pragma warning disable AIO004 // a second cancellation during cleanup; the first one is rethrown below
            catch (CancelledError)
            {
                // Cancelled again while waiting for connections: the first cancellation is what propagates.
            }
#pragma warning restore AIO004

            throw;
        }
        finally
        {
            _servingForever = false;
        }
    }

    /// <summary>
    /// Stops listening and closes the listening sockets (a Unix socket's file is removed); connections stay
    /// open: asyncio's <c>close()</c>. Idempotent.
    /// </summary>
    public void Close()
    {
        Loop.CheckThread();
        if (_closed)
        {
            return;
        }

        _closed = true;
        Loop.ForgetResource(this);
        StopPolledAccepting();
        foreach (var socket in _sockets)
        {
            socket.Dispose();
        }

        if (_unixPath is not null)
        {
            try
            {
                File.Delete(_unixPath);
            }
            catch (IOException)
            {
                // Someone else removed or replaced it; nothing of ours is left to clean up.
            }
        }

        _forever.WakeAll();
        MaybeWakeClosed();
    }

    /// <summary>Closes every open connection gracefully: asyncio's <c>close_clients()</c> (3.13).</summary>
    public void CloseClients()
    {
        foreach (var t in _clients.ToArray())
        {
            t.Close();
        }
    }

    /// <summary>Aborts every open connection: asyncio's <c>abort_clients()</c> (3.13).</summary>
    public void AbortClients()
    {
        foreach (var t in _clients.ToArray())
        {
            t.Abort();
        }
    }

    /// <summary>
    /// Waits until the server is closed and every connection it accepted has closed: asyncio's
    /// <c>wait_closed()</c>. An Aio wait.
    /// </summary>
    public ValueTask WaitClosedAsync()
    {
        var context = Asyncio.RequireContext(Loop);
        return _closed && ActiveConnections == 0 ? ValueTask.CompletedTask : _closedWaiters.WaitAsync(context);
    }

    /// <summary>Closes the server and waits for it: <c>async with server</c>.</summary>
    public ValueTask DisposeAsync()
    {
        Close();
        return WaitClosedAsync();
    }

    /// <summary>Describes the server and its addresses.</summary>
    public override string ToString() =>
        $"<Server sockets=[{string.Join(", ", _sockets.Select(s => _closed ? "closed" : s.LocalEndPoint?.ToString()))}]>";

    private void AcceptNext(AcceptArgs args)
    {
        while (!_closed)
        {
            args.AcceptSocket = null;
            bool pending;
            try
            {
                pending = args.Listener.AcceptAsync(args);
            }
            catch (ObjectDisposedException)
            {
                return;
            }

            if (pending)
            {
                return;
            }

            // Completed at once: deliver through the loop like any completion, so one busy listener cannot starve it.
            args.Post();
            return;
        }
    }

    private void OnAccept(AcceptArgs args)
    {
        var socket = args.AcceptSocket;
        args.AcceptSocket = null;
        if (_closed)
        {
            socket?.Dispose();
            return;
        }

        if (args.SocketError != SocketError.Success || socket is null)
        {
            socket?.Dispose();
            if (Loop.Debug)
            {
                Loop.CallExceptionHandler(new ExceptionContext("Error on accept", new SocketException((int)args.SocketError)));
            }

            AcceptNext(args);
            return;
        }

        AcceptNext(args);
        Accepted(socket);
    }

    /// <summary>A new connection: attach a transport to it, or run the TLS handshake first.</summary>
    private void Accepted(Socket socket)
    {
        if (_ssl is null)
        {
            if (NewProtocol(socket) is { } protocol)
            {
                Attach(new SocketTransport(Loop, socket, protocol));
            }
        }
        else
        {
            _handshakes++;
            _ = HandshakeAsync(socket);
        }
    }

    private async Task HandshakeAsync(Socket socket)
    {
        System.Net.Security.SslStream ssl;
        try
        {
            socket.NoDelay = true;
            socket.Blocking = true;
            ssl = await Connect.TlsServerAsync(Loop.BaseContext, new NetworkStream(socket, ownsSocket: true), _ssl!);
        }
#pragma warning disable AIO004 // a detached per-connection handshake: its failure is reported, there is no caller to cancel
        catch (Exception e)
        {
            socket.Dispose();
            _handshakes--;
            if (Loop.Debug)
            {
                Loop.CallExceptionHandler(new ExceptionContext("SSL handshake failed", e));
            }

            MaybeWakeClosed();
            return;
        }
#pragma warning restore AIO004

        _handshakes--;
        if (NewProtocol(socket) is { } protocol)
        {
            Attach(Connect.TlsTransport(Loop, ssl, socket, protocol));
        }
        else
        {
            await ssl.DisposeAsync();
            MaybeWakeClosed();
        }
    }

    private Protocol? NewProtocol(Socket socket)
    {
        try
        {
            return _protocolFactory();
        }
        catch (Exception e)
        {
            socket.Dispose();
            Loop.CallExceptionHandler(new ExceptionContext("Protocol factory failed on accept", e));
            return null;
        }
    }

    private void Attach(FlowTransport transport)
    {
        _clients.Add(transport);
        transport.OnLost = _detach;
        transport.Start();
    }

    private void Detach(FlowTransport transport)
    {
        _clients.Remove(transport);
        MaybeWakeClosed();
    }

    private void MaybeWakeClosed()
    {
        if (_closed && ActiveConnections == 0)
        {
            _closedWaiters.WakeAll();
        }
    }

    private sealed class AcceptArgs(Server server, Socket listener) : SocketAsyncEventArgs
    {
        internal Server Server { get; } = server;

        internal Socket Listener { get; } = listener;

        internal void Post() => Server.Loop.PostFromAnyThread(s_onAccept, this, Server.Loop.BaseContext);
    }
}
