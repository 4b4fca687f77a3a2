using System.Net;
using System.Net.Sockets;
using static Aio.Asyncio;
using static Aio.Tests.Streams.IoTest;

namespace Aio.Tests.Transports;

/// <summary>
/// Sockets driven by readiness on the loop thread (Linux) and by .NET's completions (elsewhere, or with the poller
/// off) must behave the same; the edge-triggered cases that could lose a wake-up are pinned here.
/// </summary>
public class PollerTests
{
    public static TheoryData<bool> BothPaths => new() { true, false };

    private sealed class Recorder : Protocol
    {
        public List<byte> Received { get; } = [];

        public List<string> Events { get; } = [];

        public Future<bool> Eof { get; } = new();

        public Transport? Transport { get; private set; }

        public override void ConnectionMade(Transport transport) => Transport = transport;

        public override void DataReceived(ReadOnlySpan<byte> data)
        {
            Received.AddRange(data.ToArray());
            if (Events.Count == 0 || Events[^1] != "data")
            {
                Events.Add("data");
            }
        }

        public override bool EofReceived()
        {
            Events.Add("eof");
            Eof.TrySetResult(true);
            return false;
        }
    }

    private static void UsePath(bool polled)
    {
        if (!polled)
        {
            GetRunningLoop().DisablePoller();
        }
    }

    [Theory]
    [MemberData(nameof(BothPaths))]
    public void Data_and_eof_sent_together_are_both_delivered(bool polled)
    {
        RunIo(async () =>
        {
            UsePath(polled);
            var loop = GetRunningLoop();
            var connections = new List<Recorder>();
            await using var server = await loop.CreateServer(
                () =>
                {
                    var r = new Recorder();
                    connections.Add(r);
                    return r;
                },
                "127.0.0.1",
                0);
            var port = PortOf(server);
            const int count = 20;

            // Each client writes and half-closes at once, so data and FIN often reach the server in one readiness.
            await ToThread(() =>
            {
                for (var i = 0; i < count; i++)
                {
                    using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                    client.ReceiveTimeout = 30_000;
                    client.Connect(new IPEndPoint(IPAddress.Loopback, port));
                    client.Send(B($"message {i:D2}"));
                    client.Shutdown(SocketShutdown.Send);
                    client.Receive(new byte[1]);
                }
            });
            Assert.Equal(count, connections.Count);
            for (var i = 0; i < count; i++)
            {
                await connections[i].Eof;
                Assert.Equal($"message {i:D2}", S(connections[i].Received.ToArray()));
                Assert.Equal(["data", "eof"], connections[i].Events);
            }
        });
    }

    [Theory]
    [MemberData(nameof(BothPaths))]
    public void A_large_write_to_a_slow_reader_arrives_whole_and_in_order(bool polled)
    {
        const int size = 8 * 1024 * 1024;
        var sent = new byte[size];
        new Random(7).NextBytes(sent);
        var received = RunIo(async () =>
        {
            UsePath(polled);
            var loop = GetRunningLoop();
            var accepted = new Recorder();
            await using var server = await loop.CreateServer(() => accepted, "127.0.0.1", 0);
            var port = PortOf(server);
            var reader = ToThread(() =>
            {
                using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                client.ReceiveBufferSize = 16 * 1024;
                client.Connect(new IPEndPoint(IPAddress.Loopback, port));
                var got = new MemoryStream();
                var buffer = new byte[4096];
                int n;
                while ((n = client.Receive(buffer)) > 0)
                {
                    got.Write(buffer, 0, n);
                }

                return got.ToArray();
            });
            while (server.ActiveConnections == 0)
            {
                await Sleep(0.001);
            }

            var transport = accepted.Transport!;
            transport.Write(sent);
            Assert.True(transport.GetWriteBufferSize() > 0, "the socket took 8 MiB at once; the test needs a full send buffer");
            transport.Close();
            return await reader;
        });
        Assert.Equal(size, received.Length);
        Assert.True(sent.AsSpan().SequenceEqual(received));
    }

    [Theory]
    [MemberData(nameof(BothPaths))]
    public void A_burst_of_connections_larger_than_one_accept_batch_is_all_served(bool polled)
    {
        const int clients = 300;
        var echoed = RunIo(async () =>
        {
            UsePath(polled);
            var loop = GetRunningLoop();
            await using var server = await loop.CreateServer(() => new EchoBack(), "127.0.0.1", 0, backlog: 1024);
            var port = PortOf(server);
            return await ToThread(() =>
            {
                // Every client connects before any reads, so the listener has a backlog to drain in batches.
                var sockets = new List<Socket>();
                try
                {
                    for (var i = 0; i < clients; i++)
                    {
                        var c = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveTimeout = 30_000 };
                        sockets.Add(c);
                        c.Connect(new IPEndPoint(IPAddress.Loopback, port));
                        c.Send([(byte)(i % 251)]);
                    }

                    var ok = 0;
                    var one = new byte[1];
                    for (var i = 0; i < clients; i++)
                    {
                        if (sockets[i].Receive(one) == 1 && one[0] == (byte)(i % 251))
                        {
                            ok++;
                        }
                    }

                    return ok;
                }
                finally
                {
                    sockets.ForEach(s => s.Dispose());
                }
            });
        });
        Assert.Equal(clients, echoed);
    }

    private sealed class EchoBack : Protocol
    {
        private Transport? _transport;

        public override void ConnectionMade(Transport transport) => _transport = transport;

        public override void DataReceived(ReadOnlySpan<byte> data) => _transport!.Write(data);
    }

    [Fact]
    public void A_post_from_another_thread_wakes_a_loop_parked_in_the_poller()
    {
        var value = RunIo(async () =>
        {
            var loop = GetRunningLoop();
            await using var server = await loop.CreateServer(() => new Recorder(), "127.0.0.1", 0);
            var future = new Future<int>();
            var thread = new Thread(() =>
            {
                Thread.Sleep(100);
                loop.CallSoonThreadsafe(() => future.SetResult(42));
            });
            thread.Start();

            // No timer is due before the hang guard: only the cross-thread wake-up can end this wait early.
            return await future;
        });
        Assert.Equal(42, value);
    }

    [Fact]
    public void A_closed_connection_stops_being_watched()
    {
        RunIo(async () =>
        {
            var loop = GetRunningLoop();
            await using var server = await loop.CreateServer(() => new Recorder(), "127.0.0.1", 0);
            if (loop.Poller is not { } poller)
            {
                return;
            }

            var listening = poller.Count;
            var (transport, _) = await loop.CreateConnection(() => new Recorder(), "127.0.0.1", PortOf(server));
            while (server.ActiveConnections == 0)
            {
                await Sleep(0.001);
            }

            Assert.Equal(listening + 2, poller.Count);
            transport.Close();
            while (server.ActiveConnections > 0)
            {
                await Sleep(0.001);
            }

            Assert.Equal(listening, poller.Count);
            server.Close();
            Assert.Equal(0, poller.Count);
        });
    }
}
