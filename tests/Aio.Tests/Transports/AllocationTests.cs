using System.Net;
using System.Net.Sockets;
using static Aio.Asyncio;
using static Aio.Tests.Streams.IoTest;

namespace Aio.Tests.Transports;

public class AllocationTests
{
    private sealed class CountingEcho : Protocol
    {
        private Transport? _transport;
        private int _bytes;

        public long AllocatedAtWarm { get; private set; } = -1;

        public long AllocatedAtEnd { get; private set; } = -1;

        public int WarmBytes { get; init; }

        public int EndBytes { get; init; }

        public override void ConnectionMade(Transport transport) => _transport = transport;

        public override void DataReceived(ReadOnlySpan<byte> data)
        {
            _transport!.Write(data);
            _bytes += data.Length;
            if (AllocatedAtWarm < 0 && _bytes >= WarmBytes)
            {
                AllocatedAtWarm = GC.GetAllocatedBytesForCurrentThread();
            }

            if (AllocatedAtEnd < 0 && _bytes >= EndBytes)
            {
                AllocatedAtEnd = GC.GetAllocatedBytesForCurrentThread();
            }
        }
    }

    [Fact]
    public void Protocol_echo_allocates_nothing_per_read_on_the_loop_thread()
    {
        const int message = 1024;
        const int warm = 200;
        const int measured = 2000;
        var (warmAt, endAt) = RunIo(async () =>
        {
            var loop = GetRunningLoop();
            var protocol = new CountingEcho { WarmBytes = warm * message, EndBytes = (warm + measured) * message };
            await using var server = await loop.CreateServer(() => protocol, "127.0.0.1", 0);
            var port = PortOf(server);

            // A plain blocking client on another thread: one message out, one echo back, so each is its own read.
            await ToThread(() =>
            {
                using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                client.Connect(new IPEndPoint(IPAddress.Loopback, port));
                var buffer = new byte[message];
                for (var i = 0; i < warm + measured; i++)
                {
                    client.Send(buffer);
                    for (var got = 0; got < message;)
                    {
                        got += client.Receive(buffer, got, message - got, SocketFlags.None);
                    }
                }
            });
            return (protocol.AllocatedAtWarm, protocol.AllocatedAtEnd);
        });
        Assert.True(warmAt >= 0 && endAt >= 0);
        var perMessage = (double)(endAt - warmAt) / measured;
        Assert.True(perMessage < 8, $"{perMessage:F1} bytes allocated per echoed message on the loop thread");
    }
}
