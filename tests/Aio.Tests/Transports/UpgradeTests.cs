using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using Aio.Tests.Streams;
using static Aio.Asyncio;
using static Aio.Tests.Streams.IoTest;

namespace Aio.Tests.Transports;

public class UpgradeTests
{
    /// <summary>Echoes what it receives, and hands each received line to the test.</summary>
    private sealed class LineProtocol(bool echo) : Protocol
    {
        private readonly StringBuilder _partial = new();

        public AsyncQueue<string> Lines { get; } = new();

        public Transport? Transport { get; private set; }

        public override void ConnectionMade(Transport transport) => Transport = transport;

        public override void DataReceived(ReadOnlySpan<byte> data)
        {
            if (echo)
            {
                Transport!.Write(data);
            }

            _partial.Append(Encoding.ASCII.GetString(data));
            var text = _partial.ToString();
            int end;
            while ((end = text.IndexOf('\n')) >= 0)
            {
                Lines.PutNowait(text[..(end + 1)]);
                text = text[(end + 1)..];
            }

            _partial.Clear().Append(text);
        }
    }

    private static async Task<(Socket Listener, Socket Accepted, Socket Client)> AcceptedPairAsync()
    {
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var connect = client.ConnectAsync(listener.LocalEndPoint!);
        var accepted = await listener.AcceptAsync();
        await connect;
        return (listener, accepted, client);
    }

    private static async Task<string> ReadLineAsync(Stream stream)
    {
        var text = new StringBuilder();
        var buffer = new byte[64];
        while (!text.ToString().EndsWith('\n'))
        {
            var n = await stream.ReadAsync(buffer);
            if (n == 0)
            {
                break;
            }

            text.Append(Encoding.ASCII.GetString(buffer, 0, n));
        }

        return text.ToString();
    }

    [Fact]
    public void A_socket_accepted_elsewhere_gets_a_protocol_on_the_loop()
    {
        var echoed = RunIo(async () =>
        {
            var (listener, accepted, client) = await AcceptedPairAsync();
            using (listener)
            using (client)
            {
                var (transport, _) = await GetRunningLoop().ConnectAcceptedSocket(() => new LineProtocol(echo: true), accepted);
                Assert.Same(accepted, transport.GetExtraInfo("socket"));
                using var stream = new NetworkStream(client);
                await stream.WriteAsync(Encoding.ASCII.GetBytes("ping\n"));
                var line = await ReadLineAsync(stream);
                transport.Close();
                return line;
            }
        });
        Assert.Equal("ping\n", echoed);
    }

    [Fact]
    public void A_socket_accepted_elsewhere_can_start_with_the_server_side_of_a_tls_handshake()
    {
        var echoed = RunIo(async () =>
        {
            var (listener, accepted, client) = await AcceptedPairAsync();
            using (listener)
            {
                var ssl = new SslStream(new NetworkStream(client, ownsSocket: true));
                var handshake = ssl.AuthenticateAsClientAsync(TlsTests.TrustingClient());
                var (transport, _) = await GetRunningLoop().ConnectAcceptedSocket(() => new LineProtocol(echo: true), accepted, TlsTests.ServerOptions());
                await handshake;
                Assert.IsType<SslStream>(transport.GetExtraInfo("ssl_object"));
                await ssl.WriteAsync(Encoding.ASCII.GetBytes("secret\n"));
                var line = await ReadLineAsync(ssl);
                transport.Close();
                await ssl.DisposeAsync();
                return line;
            }
        });
        Assert.Equal("secret\n", echoed);
    }

    [Fact]
    public void ConnectAcceptedSocket_refuses_a_datagram_socket_and_an_unconnected_one()
    {
        RunIo(async () =>
        {
            using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            var e = await Assert.ThrowsAsync<ArgumentException>(() => GetRunningLoop().ConnectAcceptedSocket(() => new LineProtocol(false), udp));
            Assert.Contains("stream socket", e.Message);
            using var idle = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            e = await Assert.ThrowsAsync<ArgumentException>(() => GetRunningLoop().ConnectAcceptedSocket(() => new LineProtocol(false), idle));
            Assert.Contains("not connected", e.Message);
        });
    }

    [Fact]
    public void StartTls_upgrades_a_protocol_connection_and_the_protocol_goes_on_with_the_new_transport()
    {
        var answer = RunIo(async () =>
        {
            await using var server = await StartServer(
                async (r, w) =>
                {
                    Assert.Equal("STARTTLS\n", Encoding.ASCII.GetString(await r.ReadLineAsync()));
                    w.Write("OK\n"u8);
                    await w.DrainAsync();
                    await w.StartTlsAsync(TlsTests.ServerOptions());
                    var line = await r.ReadLineAsync();
                    w.Write([.. "tls:"u8, .. line]);
                    await w.DrainAsync();
                },
                "127.0.0.1",
                0);
            var loop = GetRunningLoop();
            var (plain, protocol) = await loop.CreateConnection(() => new LineProtocol(echo: false), "127.0.0.1", PortOf(server));
            plain.Write("STARTTLS\n"u8);
            Assert.Equal("OK\n", await protocol.Lines.GetAsync());
            var tls = await loop.StartTls(plain, protocol, TlsTests.TrustingClient());
            Assert.NotSame(plain, tls);
            Assert.IsType<SslStream>(tls.GetExtraInfo("ssl_object"));
            tls.Write("hello\n"u8);
            var line = await protocol.Lines.GetAsync();
            tls.Close();
            return line;
        });
        Assert.Equal("tls:hello\n", answer);
    }

    [Fact]
    public void StartTls_refuses_a_transport_that_is_already_tls()
    {
        RunIo(async () =>
        {
            await using var server = await StartServer((_, _) => Task.CompletedTask, "127.0.0.1", 0, ssl: TlsTests.ServerOptions());
            var loop = GetRunningLoop();
            var (tls, protocol) = await loop.CreateConnection(() => new LineProtocol(echo: false), "127.0.0.1", PortOf(server), TlsTests.TrustingClient());
            var e = await Assert.ThrowsAsync<InvalidOperationException>(() => loop.StartTls(tls, protocol, TlsTests.TrustingClient()));
            Assert.Contains("plain socket connection", e.Message);
            tls.Close();
        });
    }
}
