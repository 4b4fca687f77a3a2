using System.Net;
using System.Net.Security;
using System.Net.Sockets;

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

    private static ValueTask<bool> SocketAsync(AioContext context, Socket socket, EndPoint endPoint) =>
        TaskWaiter<bool>.Start(context, async ct =>
        {
            await socket.ConnectAsync(endPoint, ct).ConfigureAwait(false);
            return true;
        });

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
