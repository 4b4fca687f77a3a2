using System.Net;
using System.Net.Security;
using System.Net.Sockets;

namespace Aio;

public sealed partial class EventLoop
{
    /// <summary>
    /// Connects to <paramref name="host"/>:<paramref name="port"/> (resolving the name, trying each address in
    /// turn), optionally over TLS, and attaches a new protocol: asyncio's <c>loop.create_connection()</c>. Returns
    /// once <see cref="Protocol.ConnectionMade"/> has run. Each step is an Aio wait (cancelling it closes the
    /// socket). TLS's <c>TargetHost</c> defaults to <paramref name="host"/>.
    /// </summary>
    /// <exception cref="SocketException">Name not found (<c>HostNotFound</c>), connection refused (<c>ConnectionRefused</c>), …</exception>
    /// <exception cref="System.Security.Authentication.AuthenticationException">The TLS handshake failed.</exception>
    public async Task<(Transport Transport, TProtocol Protocol)> CreateConnection<TProtocol>(
        Func<TProtocol> protocolFactory, string host, int port, SslClientAuthenticationOptions? ssl = null)
        where TProtocol : Protocol
    {
        ArgumentNullException.ThrowIfNull(protocolFactory);
        var context = Asyncio.RequireContext(this);
        var socket = await Connect.TcpAsync(context, host, port);
        return await AttachClientAsync(context, socket, protocolFactory, ssl, host);
    }

    /// <summary>Connects to the Unix-domain socket at <paramref name="path"/>: asyncio's <c>loop.create_unix_connection()</c>.</summary>
    public async Task<(Transport Transport, TProtocol Protocol)> CreateUnixConnection<TProtocol>(
        Func<TProtocol> protocolFactory, string path, SslClientAuthenticationOptions? ssl = null)
        where TProtocol : Protocol
    {
        ArgumentNullException.ThrowIfNull(protocolFactory);
        var context = Asyncio.RequireContext(this);
        var socket = await Connect.UnixAsync(context, path);
        return await AttachClientAsync(context, socket, protocolFactory, ssl, null);
    }

    private Task<(Transport, TProtocol)> AttachClientAsync<TProtocol>(
        AioContext context, Socket socket, Func<TProtocol> protocolFactory, SslClientAuthenticationOptions? ssl, string? host)
        where TProtocol : Protocol =>
        AttachSocketAsync(socket, protocolFactory, ssl is null ? null : stream => Connect.TlsClientAsync(context, stream, ssl, host));

    /// <summary>
    /// Makes the protocol, then a plain transport over <paramref name="socket"/> or, after
    /// <paramref name="handshake"/>, a TLS one, and starts it; the socket is disposed if any step fails.
    /// </summary>
    private async Task<(Transport, TProtocol)> AttachSocketAsync<TProtocol>(
        Socket socket, Func<TProtocol> protocolFactory, Func<Stream, Task<SslStream>>? handshake)
        where TProtocol : Protocol
    {
        TProtocol protocol;
        try
        {
            protocol = protocolFactory();
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        FlowTransport transport;
        if (handshake is null)
        {
            transport = new SocketTransport(this, socket, protocol);
        }
        else
        {
            var stream = await handshake(new NetworkStream(socket, ownsSocket: true));
            transport = Connect.TlsTransport(this, stream, socket, protocol);
        }

        transport.Start();
        return (transport, protocol);
    }

    /// <summary>
    /// Listens on <paramref name="host"/>:<paramref name="port"/> (port 0 picks a free one; see
    /// <see cref="Server.Sockets"/>) and attaches a new protocol to each connection, optionally after a TLS
    /// handshake: asyncio's <c>loop.create_server()</c>. A null host listens on all interfaces (IPv4 and IPv6).
    /// </summary>
    public Task<Server> CreateServer(
        Func<Protocol> protocolFactory,
        string? host,
        int port,
        int backlog = 100,
        bool reuseAddress = true,
        bool reusePort = false,
        SslServerAuthenticationOptions? ssl = null,
        bool startServing = true)
    {
        ArgumentNullException.ThrowIfNull(protocolFactory);
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        var context = Asyncio.RequireContext(this);
        return CreateServerCore(context, protocolFactory, host, port, backlog, reuseAddress, reusePort, ssl, startServing);
    }

    private async Task<Server> CreateServerCore(
        AioContext context, Func<Protocol> protocolFactory, string? host, int port, int backlog, bool reuseAddress,
        bool reusePort, SslServerAuthenticationOptions? ssl, bool startServing)
    {
        IPAddress[] addresses = host is null
            ? (Socket.OSSupportsIPv6 ? [IPAddress.Any, IPAddress.IPv6Any] : [IPAddress.Any])
            : IPAddress.TryParse(host, out var ip) ? [ip]
            : await TaskWaiter<IPAddress[]>.Start(context, ct => Dns.GetHostAddressesAsync(host, ct));
        var sockets = new List<Socket>();
        try
        {
            foreach (var address in addresses.Distinct())
            {
                var s = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                sockets.Add(s);
                if (reuseAddress)
                {
                    s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                }

                if (reusePort)
                {
                    SetReusePort(s);
                }

                if (address.AddressFamily == AddressFamily.InterNetworkV6)
                {
                    s.DualMode = false;
                }

                s.Bind(new IPEndPoint(address, port));
                s.Listen(backlog);
            }
        }
        catch
        {
            sockets.ForEach(s => s.Dispose());
            throw;
        }

        var server = new Server(this, sockets, protocolFactory, ssl, null);
        if (startServing)
        {
            server.StartServing();
        }

        return server;
    }

    /// <summary>
    /// Listens on a Unix-domain socket at <paramref name="path"/> (a stale socket file there is replaced; the file
    /// is removed when the server closes): asyncio's <c>loop.create_unix_server()</c>.
    /// </summary>
    public Task<Server> CreateUnixServer(
        Func<Protocol> protocolFactory, string path, int backlog = 100, SslServerAuthenticationOptions? ssl = null, bool startServing = true)
    {
        ArgumentNullException.ThrowIfNull(protocolFactory);
        ArgumentException.ThrowIfNullOrEmpty(path);
        CheckThread();
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            try
            {
                socket.Bind(new UnixDomainSocketEndPoint(path));
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse && IsStaleUnixSocket(path))
            {
                File.Delete(path);
                socket.Bind(new UnixDomainSocketEndPoint(path));
            }

            socket.Listen(backlog);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        var server = new Server(this, [socket], protocolFactory, ssl, path);
        if (startServing)
        {
            server.StartServing();
        }

        return Task.FromResult(server);
    }

    /// <summary>
    /// Creates a UDP endpoint bound to <paramref name="localAddress"/> and/or connected to
    /// <paramref name="remoteAddress"/>: asyncio's <c>loop.create_datagram_endpoint()</c>.
    /// </summary>
    /// <exception cref="ArgumentException">Neither address given.</exception>
    public (DatagramTransport Transport, TProtocol Protocol) CreateDatagramEndpoint<TProtocol>(
        Func<TProtocol> protocolFactory, IPEndPoint? localAddress = null, IPEndPoint? remoteAddress = null,
        bool reusePort = false, bool allowBroadcast = false)
        where TProtocol : DatagramProtocol
    {
        ArgumentNullException.ThrowIfNull(protocolFactory);
        if (localAddress is null && remoteAddress is null)
        {
            throw new ArgumentException("unexpected address family: give a local or a remote address");
        }

        CheckThread();
        var family = (localAddress ?? remoteAddress)!.AddressFamily;
        var socket = new Socket(family, SocketType.Dgram, ProtocolType.Udp);
        TProtocol protocol;
        try
        {
            if (reusePort)
            {
                SetReusePort(socket);
            }

            socket.EnableBroadcast = allowBroadcast;
            socket.Bind(localAddress ?? new IPEndPoint(family == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0));
            if (remoteAddress is not null)
            {
                socket.Connect(remoteAddress);
            }

            protocol = protocolFactory();
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        var transport = new DatagramTransport(this, socket, protocol, remoteAddress);
        transport.Start();
        return (transport, protocol);
    }

    /// <summary>A socket file nobody listens on any more (left by a crashed server) may be replaced.</summary>
    private static bool IsStaleUnixSocket(string path)
    {
        using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            probe.Connect(new UnixDomainSocketEndPoint(path));
            return false;
        }
        catch (SocketException e)
        {
            return e.SocketErrorCode == SocketError.ConnectionRefused;
        }
    }

    private static void SetReusePort(Socket socket)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS() && !OperatingSystem.IsFreeBSD())
        {
            throw new PlatformNotSupportedException("reusePort is not supported on this platform");
        }

        // SO_REUSEPORT has no SocketOptionName; its level/number: Linux 1/15, BSD and macOS 0xffff/0x200.
        if (OperatingSystem.IsLinux())
        {
            socket.SetRawSocketOption(1, 15, BitConverter.GetBytes(1));
        }
        else
        {
            socket.SetRawSocketOption(0xffff, 0x200, BitConverter.GetBytes(1));
        }
    }
}
