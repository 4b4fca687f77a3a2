using static Aio.Asyncio;
using static Aio.Tests.Streams.IoTest;

namespace Aio.Tests.Transports;

public class BufferedProtocolTests
{
    /// <summary>Hands out a small buffer so a message arrives in several receives, and records what arrived.</summary>
    private sealed class CollectingProtocol(int bufferSize) : BufferedProtocol
    {
        private readonly byte[] _buffer = new byte[bufferSize];

        public List<byte> Received { get; } = [];

        public int Updates { get; private set; }

        public int Expected { get; init; } = int.MaxValue;

        public Future<bool> Done { get; } = new();

        public Exception? LostWith { get; private set; }

        public override Memory<byte> GetBuffer(int sizeHint) => _buffer;

        public override void BufferUpdated(int count)
        {
            Updates++;
            Received.AddRange(_buffer.AsSpan(0, count).ToArray());
            if (Received.Count >= Expected)
            {
                Done.TrySetResult(true);
            }
        }

        public override void ConnectionLost(Exception? error)
        {
            LostWith = error;
            Done.TrySetResult(true);
        }
    }

    private sealed class EmptyBufferProtocol : BufferedProtocol
    {
        public Future<Exception?> Lost { get; } = new();

        public override Memory<byte> GetBuffer(int sizeHint) => Memory<byte>.Empty;

        public override void BufferUpdated(int count) => throw new InvalidOperationException("no receive can fill an empty buffer");

        public override void ConnectionLost(Exception? error) => Lost.TrySetResult(error);
    }

    private static byte[] Pattern(int length)
    {
        var data = new byte[length];
        for (var i = 0; i < length; i++)
        {
            data[i] = (byte)(i * 7 % 251);
        }

        return data;
    }

    [Fact]
    public void A_buffered_protocol_receives_every_byte_through_its_own_buffer()
    {
        var sent = Pattern(10_000);
        var (received, updates) = RunIo(async () =>
        {
            var loop = GetRunningLoop();
            var protocol = new CollectingProtocol(bufferSize: 64) { Expected = sent.Length };
            await using var server = await loop.CreateServer(() => protocol, "127.0.0.1", 0);
            var (_, writer) = await OpenConnection("127.0.0.1", PortOf(server));
            writer.Write(sent);
            await writer.DrainAsync();
            await protocol.Done;
            writer.Close();
            return (protocol.Received.ToArray(), protocol.Updates);
        });
        Assert.Equal(sent, received);
        Assert.True(updates >= sent.Length / 64, $"{updates} updates for {sent.Length} bytes through a 64-byte buffer");
    }

    [Fact]
    public void A_buffered_protocol_set_on_a_live_connection_receives_what_follows()
    {
        var (first, rest) = RunIo(async () =>
        {
            var loop = GetRunningLoop();
            var next = new CollectingProtocol(bufferSize: 16) { Expected = 5 };
            var handOver = new HandOverProtocol(next);
            await using var server = await loop.CreateServer(() => handOver, "127.0.0.1", 0);
            var (_, writer) = await OpenConnection("127.0.0.1", PortOf(server));
            writer.Write(B("first"));
            await handOver.Received;
            writer.Write(B("later"));
            await next.Done;
            writer.Close();
            return (S(await handOver.Received), S([.. next.Received]));
        });
        Assert.Equal("first", first);
        Assert.Equal("later", rest);
    }

    /// <summary>Takes the first bytes itself, then hands the connection to <paramref name="next"/>.</summary>
    private sealed class HandOverProtocol(Protocol next) : Protocol
    {
        private Transport? _transport;

        public Future<byte[]> Received { get; } = new();

        public override void ConnectionMade(Transport transport) => _transport = transport;

        public override void DataReceived(ReadOnlySpan<byte> data)
        {
            Received.SetResult(data.ToArray());
            _transport!.Protocol = next;
        }
    }

    [Fact]
    public void An_empty_buffer_from_get_buffer_is_reported_and_ends_the_connection()
    {
        var (error, messages) = RunIo(async () =>
        {
            var loop = GetRunningLoop();
            var reported = new List<string>();
            loop.SetExceptionHandler((_, c) => reported.Add(c.Message + ": " + c.Exception?.Message));
            var protocol = new EmptyBufferProtocol();
            await using var server = await loop.CreateServer(() => protocol, "127.0.0.1", 0);
            var (_, writer) = await OpenConnection("127.0.0.1", PortOf(server));
            writer.Write(B("x"));
            var error = await protocol.Lost;
            writer.Close();
            return (error, reported);
        });
        Assert.IsType<InvalidOperationException>(error);
        Assert.Contains("Fatal error: protocol.GetBuffer() call failed.: GetBuffer() returned an empty buffer", messages);
    }

    [Fact]
    public void Data_received_by_hand_is_copied_in_through_get_buffer_in_pieces()
    {
        var (received, updates) = RunIo(() =>
        {
            var protocol = new CollectingProtocol(bufferSize: 4);
            protocol.DataReceived(B("0123456789"));
            return Task.FromResult((S([.. protocol.Received]), protocol.Updates));
        });
        Assert.Equal("0123456789", received);
        Assert.Equal(3, updates);
    }

    [Fact]
    public void Data_received_by_hand_into_an_empty_buffer_throws()
    {
        var message = RunIo(() =>
            Task.FromResult(Assert.Throws<InvalidOperationException>(() => new EmptyBufferProtocol().DataReceived(B("x"))).Message));
        Assert.Equal("GetBuffer() returned an empty buffer", message);
    }
}
