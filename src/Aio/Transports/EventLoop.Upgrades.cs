using System.Net.Security;
using System.Net.Sockets;

namespace Aio;

public sealed partial class EventLoop
{
    /// <summary>
    /// Attaches a new protocol to a connection accepted elsewhere (a .NET <see cref="TcpListener"/>, a socket handed
    /// over by a service manager), optionally after the server side of a TLS handshake: asyncio's
    /// <c>loop.connect_accepted_socket()</c>. The loop owns the socket from then on. Returns once
    /// <see cref="Protocol.ConnectionMade"/> has run.
    /// </summary>
    /// <exception cref="ArgumentException">The socket is not a connected stream socket.</exception>
    /// <exception cref="System.Security.Authentication.AuthenticationException">The TLS handshake failed.</exception>
    public async Task<(Transport Transport, TProtocol Protocol)> ConnectAcceptedSocket<TProtocol>(
        Func<TProtocol> protocolFactory, Socket socket, SslServerAuthenticationOptions? ssl = null)
        where TProtocol : Protocol
    {
        ArgumentNullException.ThrowIfNull(protocolFactory);
        ArgumentNullException.ThrowIfNull(socket);
        if (socket.SocketType != SocketType.Stream)
        {
            throw new ArgumentException($"A stream socket was expected, got a {socket.SocketType} socket", nameof(socket));
        }

        if (!socket.Connected)
        {
            throw new ArgumentException("The socket is not connected", nameof(socket));
        }

        var context = Asyncio.RequireContext(this);
        return await AttachSocketAsync(socket, protocolFactory, ssl is null ? null : stream => Connect.TlsServerAsync(context, stream, ssl));
    }

    /// <summary>
    /// Upgrades a plain connection to TLS as the client: asyncio's <c>loop.start_tls()</c>. Returns the new
    /// transport, which <paramref name="protocol"/> must use from now on; <paramref name="transport"/> is done with.
    /// What the peer had sent before is part of the handshake; the protocol is not told of a new connection.
    /// </summary>
    /// <exception cref="InvalidOperationException">The transport is not a plain socket connection, or is closing.</exception>
    /// <exception cref="System.Security.Authentication.AuthenticationException">The handshake failed; the connection is closed.</exception>
    public async Task<Transport> StartTls(Transport transport, Protocol protocol, SslClientAuthenticationOptions options, string? serverHostname = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var tls = await UpgradeToTls(transport, protocol, (context, stream) => Connect.TlsClientAsync(context, stream, options, serverHostname));
        tls.Start(notify: false);
        return tls;
    }

    /// <summary>Upgrades a plain connection to TLS as the server (the peer runs the client handshake); see the client overload.</summary>
    public async Task<Transport> StartTls(Transport transport, Protocol protocol, SslServerAuthenticationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var tls = await UpgradeToTls(transport, protocol, (context, stream) => Connect.TlsServerAsync(context, stream, options));
        tls.Start(notify: false);
        return tls;
    }

    /// <summary>
    /// Takes the socket from a plain transport and runs <paramref name="handshake"/> over it; returns the TLS
    /// transport, not yet started, so the caller can point its own state at it first.
    /// </summary>
    internal async Task<FlowTransport> UpgradeToTls(Transport transport, Protocol protocol, Func<AioContext, Stream, Task<SslStream>> handshake)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(protocol);
        var context = Asyncio.RequireContext(this);
        if (transport is not SocketTransport plain || !ReferenceEquals(plain.LoopOf, this))
        {
            throw new InvalidOperationException("A TLS upgrade needs a plain socket connection of this loop (this one is already TLS, a pipe or another loop's)");
        }

        if (plain.IsClosing)
        {
            throw new InvalidOperationException("A TLS upgrade of a closing connection");
        }

        await plain.WaitFlushedAsync(context);
        var pending = plain.DetachReads();
        var socket = plain.Socket;
        plain.Abandon();

        // The plain transport sends without blocking on the loop; a NetworkStream requires a blocking socket.
        socket.Blocking = true;
        SslStream ssl;
        try
        {
            ssl = await handshake(context, new PrefixedStream(pending, new NetworkStream(socket, ownsSocket: true)));
        }
        catch
        {
            socket.Dispose();
            protocol.ConnectionLost(null);
            plain.OnLost?.Invoke(plain);
            throw;
        }

        var tls = Connect.TlsTransport(this, ssl, socket, protocol);
        var onLost = plain.OnLost;
        tls.OnLost = _ => onLost?.Invoke(plain);
        return tls;
    }
}
