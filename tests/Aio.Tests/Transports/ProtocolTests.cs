using System.Net;
using System.Net.Sockets;
using static Aio.Asyncio;
using static Aio.Tests.Streams.IoTest;

namespace Aio.Tests.Transports;

public class ProtocolTests
{
    private sealed class EchoProtocol : Protocol
    {
        private Transport? _transport;

        public override void ConnectionMade(Transport transport) => _transport = transport;

        public override void DataReceived(ReadOnlySpan<byte> data) => _transport!.Write(data);
    }

    private sealed class RecordingProtocol : Protocol
    {
        public List<string> Events { get; } = [];

        public List<byte> Received { get; } = [];

        public Future<bool> Lost { get; } = new();

        public Transport? Transport { get; private set; }

        public bool KeepOpenOnEof { get; init; }

        public override void ConnectionMade(Transport transport)
        {
            Transport = transport;
            Events.Add("made");
        }

        public override void DataReceived(ReadOnlySpan<byte> data)
        {
            if (Events[^1] != "data")
            {
                Events.Add("data");
            }

            Received.AddRange(data.ToArray());
        }

        public override bool EofReceived()
        {
            Events.Add("eof");
            return KeepOpenOnEof;
        }

        public override void PauseWriting() => Events.Add("pause");

        public override void ResumeWriting() => Events.Add("resume");

        public override void ConnectionLost(Exception? error)
        {
            Events.Add(error is null ? "lost" : "lost:" + error.GetType().Name);
            Lost.TrySetResult(true);
        }
    }

    [Fact]
    public void Callbacks_arrive_in_order_made_data_eof_lost()
    {
        var events = RunIo(async () =>
        {
            var loop = GetRunningLoop();
            await using var server = await loop.CreateServer(() => new EchoProtocol(), "127.0.0.1", 0);
            var (transport, protocol) = await loop.CreateConnection(() => new RecordingProtocol(), "127.0.0.1", PortOf(server));
            Assert.Equal(["made"], protocol.Events);
            transport.Write(B("hello"));
            while (protocol.Received.Count < 5)
            {
                await Sleep(0.001);
            }

            transport.WriteEof();
            await protocol.Lost;
            Assert.Equal("hello", S(protocol.Received.ToArray()));
            return protocol.Events;
        });
        Assert.Equal(["made", "data", "eof", "lost"], events);
    }

    [Fact]
    public void Pause_and_resume_writing_follow_the_water_marks()
    {
        var events = RunIo(async () =>
        {
            var loop = GetRunningLoop();
            RecordingProtocol? peer = null;
            await using var server = await loop.CreateServer(
                () =>
                {
                    peer = new RecordingProtocol();
                    return peer;
                },
                "127.0.0.1",
                0);
            var (transport, protocol) = await loop.CreateConnection(() => new RecordingProtocol(), "127.0.0.1", PortOf(server));
            while (peer?.Transport is null)
            {
                await Sleep(0.001);
            }

            peer.Transport.PauseReading();
            Assert.False(peer.Transport.IsReading);
            transport.SetWriteBufferLimits(high: 1024);
            Assert.Equal((256, 1024), transport.GetWriteBufferLimits());
            var sent = 0;
            while (!protocol.Events.Contains("pause"))
            {
                transport.Write(new byte[64 * 1024]);
                sent += 64 * 1024;
                await Sleep(0.001);
                Assert.True(sent < 256 * 1024 * 1024, "never paused");
            }

            peer.Transport.ResumeReading();
            while (!protocol.Events.Contains("resume"))
            {
                await Sleep(0.001);
            }

            Assert.True(transport.GetWriteBufferSize() <= 256);
            transport.Close();
            await protocol.Lost;
            return protocol.Events;
        });
        Assert.Equal(["made", "pause", "resume", "lost"], events);
    }

    [Fact]
    public void Abort_drops_buffered_data_and_reports_lost_without_error()
    {
        var events = RunIo(async () =>
        {
            var loop = GetRunningLoop();
            await using var server = await loop.CreateServer(() => new RecordingProtocol(), "127.0.0.1", 0);
            var (transport, protocol) = await loop.CreateConnection(() => new RecordingProtocol(), "127.0.0.1", PortOf(server));
            transport.Abort();
            Assert.True(transport.IsClosing);
            Assert.Throws<InvalidOperationException>(() => transport.Write(B("x")));
            await protocol.Lost;
            return protocol.Events;
        });
        Assert.Equal(["made", "lost"], events);
    }

    [Fact]
    public void A_throwing_data_received_is_reported_and_the_connection_aborted()
    {
        var (events, messages) = RunIo(async () =>
        {
            var loop = GetRunningLoop();
            var reported = new List<string>();
            loop.SetExceptionHandler((_, c) => reported.Add(c.Message));
            await using var server = await loop.CreateServer(() => new EchoProtocol(), "127.0.0.1", 0);
            var protocol = new ThrowingProtocol();
            var (transport, _) = await loop.CreateConnection(() => protocol, "127.0.0.1", PortOf(server));
            transport.Write(B("x"));
            await protocol.Lost;
            return (protocol.Events, reported);
        });
        Assert.Equal(["made", "lost:InvalidDataException"], events);
        Assert.Contains("Fatal error: protocol.DataReceived() call failed.", messages);
    }

    private sealed class ThrowingProtocol : Protocol
    {
        public List<string> Events { get; } = [];

        public Future<bool> Lost { get; } = new();

        public override void ConnectionMade(Transport transport) => Events.Add("made");

        public override void DataReceived(ReadOnlySpan<byte> data) => throw new InvalidDataException("bad data");

        public override void ConnectionLost(Exception? error)
        {
            Events.Add(error is null ? "lost" : "lost:" + error.GetType().Name);
            Lost.TrySetResult(true);
        }
    }

    [Fact]
    public void Unix_protocol_server_echoes()
    {
        var path = TempSocketPath();
        var got = RunIo(async () =>
        {
            var loop = GetRunningLoop();
            await using var server = await loop.CreateUnixServer(() => new EchoProtocol(), path);
            var (transport, protocol) = await loop.CreateUnixConnection(() => new RecordingProtocol(), path);
            transport.Write(B("unix"));
            while (protocol.Received.Count < 4)
            {
                await Sleep(0.001);
            }

            transport.Close();
            await protocol.Lost;
            return S(protocol.Received.ToArray());
        });
        Assert.Equal("unix", got);
    }

    [Fact]
    public void A_unix_socket_with_a_live_server_is_not_taken_over()
    {
        var path = TempSocketPath();
        RunIo(async () =>
        {
            var loop = GetRunningLoop();
            await using var server = await loop.CreateUnixServer(() => new EchoProtocol(), path);
            var e = await Assert.ThrowsAsync<SocketException>(() => loop.CreateUnixServer(() => new EchoProtocol(), path));
            Assert.Equal(SocketError.AddressAlreadyInUse, e.SocketErrorCode);
            Assert.True(File.Exists(path));
        });
    }

    private sealed class UdpEcho : DatagramProtocol
    {
        private DatagramTransport? _transport;

        public override void ConnectionMade(DatagramTransport transport) => _transport = transport;

        public override void DatagramReceived(ReadOnlySpan<byte> data, EndPoint from) => _transport!.SendTo(data, from);
    }

    private sealed class UdpClient : DatagramProtocol
    {
        public Future<string> Reply { get; } = new();

        public Future<Exception> Error { get; } = new();

        public override void DatagramReceived(ReadOnlySpan<byte> data, EndPoint from) => Reply.TrySetResult(S(data.ToArray()));

        public override void ErrorReceived(Exception error) => Error.TrySetResult(error);
    }

    [Fact]
    public void Datagram_endpoints_exchange_packets()
    {
        var reply = RunIo(async () =>
        {
            var loop = GetRunningLoop();
            var (server, _) = loop.CreateDatagramEndpoint(() => new UdpEcho(), localAddress: new IPEndPoint(IPAddress.Loopback, 0));
            var address = (IPEndPoint)server.GetExtraInfo("sockname")!;
            var (client, protocol) = loop.CreateDatagramEndpoint(() => new UdpClient(), remoteAddress: address);
            Assert.Throws<ArgumentException>(() => client.SendTo(B("x"), new IPEndPoint(IPAddress.Loopback, 1)));
            client.SendTo(B("ping"));
            var r = await protocol.Reply;
            client.Close();
            server.Close();
            Assert.Throws<InvalidOperationException>(() => client.SendTo(B("x")));
            return r;
        });
        Assert.Equal("ping", reply);
    }

    [Fact]
    public void Datagram_to_a_closed_port_reports_connection_refused_to_error_received()
    {
        var code = RunIo(async () =>
        {
            var loop = GetRunningLoop();
            using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            var closed = (IPEndPoint)probe.LocalEndPoint!;
            probe.Close();
            var (client, protocol) = loop.CreateDatagramEndpoint(() => new UdpClient(), remoteAddress: closed);
            client.SendTo(B("anyone?"));
            var error = await protocol.Error;
            client.SendTo(B("still open"));
            client.Abort();
            return ((SocketException)error).SocketErrorCode;
        });
        Assert.Equal(SocketError.ConnectionRefused, code);
    }
}
