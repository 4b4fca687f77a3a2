using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Runtime.CompilerServices;

namespace Aio;

/// <summary>The steps shared by client connections: resolve, connect, wrap in TLS; each step an Aio wait.</summary>
internal static class Connect
{
    /// <summary>How long a TLS handshake may take, as asyncio's <c>ssl_handshake_timeout</c> default.</summary>
    internal static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(60);

    internal static async Task<Socket> TcpAsync(AioContext context, string host, int port)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        IPAddress[] addresses = IPAddress.TryParse(host, out var ip)
            ? [ip]
            : await TaskWaiter<IPAddress[]>.Start(context, ct => Dns.GetHostAddressesAsync(host, ct));
        if (addresses.Length == 0)
        {
            throw new SocketException((int)SocketError.HostNotFound);
        }

        Exception? first = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await SocketAsync(context, socket, new IPEndPoint(address, port));
                return socket;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                socket.Dispose();
                first ??= e;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw first!;
    }

    internal static async Task<Socket> UnixAsync(AioContext context, string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await SocketAsync(context, socket, new UnixDomainSocketEndPoint(path));
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    [AsyncMethodBuilder(typeof(AioMethodBuilder))]
    private static async ValueTask SocketAsync(AioContext context, Socket socket, EndPoint endPoint)
    {
        if (context.Loop.Poller is { } poller)
        {
            await PolledAsync(poller, context, socket, endPoint);
            return;
        }

        await TaskWaiter<bool>.Start(context, async ct =>
        {
            await socket.ConnectAsync(endPoint, ct).ConfigureAwait(false);
            return true;
        });
    }

    /// <summary>
    /// A non-blocking connect finished on the loop thread when the socket turns writable, so the socket is never
    /// handed to .NET's own engine (which would then wake its thread for every event on the connection).
    /// </summary>
    private static async Task PolledAsync(IoPoller poller, AioContext context, Socket socket, EndPoint endPoint)
    {
        socket.Blocking = false;
        await PolledConnectAsync(poller, context, socket, endPoint);

        // A plain transport makes it non-blocking again; TLS wraps it in a NetworkStream, which needs it blocking.
        socket.Blocking = true;
    }

    private static async Task PolledConnectAsync(IoPoller poller, AioContext context, Socket socket, EndPoint endPoint)
    {
        try
        {
#pragma warning disable AIO001 // the socket is non-blocking: Connect starts the handshake and returns at once
            socket.Connect(endPoint);
#pragma warning restore AIO001
            return;
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.WouldBlock or SocketError.InProgress)
        {
        }

        var fd = (int)socket.SafeHandle.DangerousGetHandle();
        var writable = new Writable(context.Loop);
        var token = poller.Register(fd, writable);
        try
        {
            await writable.Ready;
        }
        finally
        {
            poller.Unregister(fd, token);
        }

        // Poll marks a finished non-blocking connect as connected; a failed one leaves its error in SO_ERROR.
        if (!socket.Poll(0, SelectMode.SelectWrite) || socket.Poll(0, SelectMode.SelectError))
        {
            var code = (SocketError)(int)socket.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Error)!;
            throw new SocketException((int)(code == SocketError.Success ? SocketError.NotConnected : code));
        }
    }

    private sealed class Writable(EventLoop loop) : IPollable
    {
        internal Future<bool> Ready { get; } = new(loop);

        public void OnReady(uint events)
        {
            if ((events & (LinuxEpoll.Out | LinuxEpoll.Err | LinuxEpoll.Hup)) != 0)
            {
                Ready.TrySetResult(true);
            }
        }
    }

    /// <summary>Runs the client handshake over <paramref name="inner"/>; disposes it on failure.</summary>
    internal static async Task<SslStream> TlsClientAsync(AioContext context, Stream inner, SslClientAuthenticationOptions options, string? host)
    {
        if (options.TargetHost is null && host is not null)
        {
            options.TargetHost = host;
        }

        var ssl = new SslStream(inner, leaveInnerStreamOpen: false);
        try
        {
            await TaskWaiter<bool>.Start(context, async ct =>
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                timeout.CancelAfter(HandshakeTimeout);
                await ssl.AuthenticateAsClientAsync(options, timeout.Token).ConfigureAwait(false);
                return true;
            });
            return ssl;
        }
        catch
        {
            await ssl.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs the server handshake; disposes the stream on failure.</summary>
    internal static async Task<SslStream> TlsServerAsync(AioContext context, Stream inner, SslServerAuthenticationOptions options)
    {
        var ssl = new SslStream(inner, leaveInnerStreamOpen: false);
        try
        {
            await TaskWaiter<bool>.Start(context, async ct =>
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                timeout.CancelAfter(HandshakeTimeout);
                await ssl.AuthenticateAsServerAsync(options, timeout.Token).ConfigureAwait(false);
                return true;
            });
            return ssl;
        }
        catch
        {
            await ssl.DisposeAsync();
            throw;
        }
    }

    /// <summary>A transport over an authenticated TLS stream, with asyncio's TLS extra info.</summary>
    internal static StreamTransport TlsTransport(EventLoop loop, SslStream ssl, Socket socket, Protocol protocol)
    {
        var t = new StreamTransport(loop, protocol, ssl, ssl, canWriteEof: false);
        t.SetExtra("socket", socket);
        t.SetExtra("sockname", socket.LocalEndPoint);
        t.SetExtra("peername", socket.RemoteEndPoint);
        t.SetExtra("ssl_object", ssl);
        t.SetExtra("peercert", ssl.RemoteCertificate);
        t.SetExtra("cipher", ssl.NegotiatedCipherSuite);
        t.SetExtra("ssl_protocol", ssl.SslProtocol);
        return t;
    }
}
