using System.Runtime.InteropServices;
using static Aio.Asyncio;
using static Aio.Tests.Streams.IoTest;

namespace Aio.Tests.Streams;

/// <summary>The reader lends its memory to receives (the stream protocol is a buffered protocol).</summary>
public class StreamReaderLendingTests
{
    // The least read that lends its own array.
    private const int DirectSize = 16 * 1024;

    private static byte[] ArrayOf(Memory<byte> memory) =>
        MemoryMarshal.TryGetArray<byte>(memory, out var segment) ? segment.Array! : throw new InvalidOperationException("not an array");

    private static int Receive(AsyncStreamReader reader, string text)
    {
        var lent = reader.Lend();
        B(text).CopyTo(lent.Span);
        reader.Filled(text.Length);
        return lent.Length;
    }

    [Fact]
    public void Bytes_received_into_lent_memory_are_read_in_order()
    {
        RunIo(async () =>
        {
            var r = new AsyncStreamReader();
            Receive(r, "abc\n");
            Receive(r, "def");
            Assert.Equal("abc\n", S(await r.ReadLineAsync()));
            Assert.Equal("def", S(await r.ReadAsync(100)));
        });
    }

    [Fact]
    public void Lent_room_grows_after_a_receive_fills_it()
    {
        var r = new AsyncStreamReader();
        var first = r.Lend();
        r.Filled(first.Length);
        var second = r.Lend();
        Assert.True(second.Length >= 2 * first.Length, $"lent {first.Length} then {second.Length}");
    }

    [Fact]
    public void Bytes_fed_by_hand_while_memory_is_lent_come_before_the_received_ones()
    {
        RunIo(async () =>
        {
            var r = new AsyncStreamReader();
            var lent = r.Lend();
            r.FeedData(B("abc"));
            B("def").CopyTo(lent.Span);
            r.Filled(3);
            Assert.Equal("abcdef", S(await r.ReadAsync(100)));
        });
    }

    [Fact]
    public void A_large_read_waiting_on_an_empty_buffer_gets_the_array_the_receive_filled()
    {
        RunIo(async () =>
        {
            var (r, read, lent) = await WaitingLargeRead();
            Assert.Equal(DirectSize, lent.Length);
            lent.Span.Fill(2);
            var data = await FillAndAwait(r, read, DirectSize);
            Assert.Same(ArrayOf(lent), data);
            Assert.All(data, b => Assert.Equal(2, b));
        });
    }

    [Fact]
    public void A_read_cancelled_after_its_array_was_filled_leaves_the_bytes_for_the_next_read()
    {
        RunIo(async () =>
        {
            var (r, read, lent) = await WaitingLargeRead();
            lent.Span.Fill(3);
            r.Filled(DirectSize);
            read.Cancel();
            await Assert.ThrowsAsync<CancelledError>(async () => await read);
            Assert.Equal(DirectSize, r.BufferedCount);
            var rest = await r.ReadExactlyAsync(DirectSize);
            Assert.All(rest, b => Assert.Equal(3, b));
            Assert.Equal(0, r.BufferedCount);

            // The pooled buffer is back in use for what follows.
            Receive(r, "after");
            Assert.Equal("after", S(await r.ReadAsync(100)));
        });
    }

    [Fact]
    public void A_short_receive_into_a_read_sized_array_returns_just_the_bytes_received()
    {
        RunIo(async () =>
        {
            var (r, read, lent) = await WaitingLargeRead();
            B("short").CopyTo(lent.Span);
            Assert.Equal("short", S(await FillAndAwait(r, read, 5)));
        });
    }

    [Fact]
    public void A_large_read_into_memory_waiting_on_an_empty_buffer_receives_straight_into_that_memory()
    {
        RunIo(async () =>
        {
            var target = new byte[DirectSize * 2];
            var (r, read) = await WaitingReadInto(target.AsMemory(8));
            var lent = r.Lend(synchronous: true);
            Assert.True(MemoryMarshal.TryGetArray<byte>(lent, out var segment));
            Assert.Same(target, segment.Array);
            Assert.Equal(8, segment.Offset);
            lent.Span[..1000].Fill(5);
            r.Filled(1000);
            Assert.Equal(1000, await read);
            Assert.Equal(0, r.BufferedCount);
            Assert.All(target.AsSpan(8, 1000).ToArray(), b => Assert.Equal(5, b));
        });
    }

    /// <summary>
    /// A read's memory is lent only to a receive delivered before the transport returns (a later one could write
    /// into it after a cancellation), and only for reads large enough to be worth it.
    /// </summary>
    [Theory]
    [InlineData(DirectSize, false)]
    [InlineData(DirectSize - 1, true)]
    public void A_read_into_memory_is_not_lent_to_a_receive_that_completes_later_or_when_small(int size, bool synchronous)
    {
        RunIo(async () =>
        {
            var target = new byte[size];
            var (r, read) = await WaitingReadInto(target);
            var lent = r.Lend(synchronous);
            Assert.NotSame(target, ArrayOf(lent));
            B("later").CopyTo(lent.Span);
            r.Filled(5);
            Assert.Equal(5, await read);
            Assert.Equal("later", S(target[..5]));
        });
    }

    [Fact]
    public void A_read_into_memory_cancelled_after_a_receive_filled_it_leaves_the_bytes_before_later_ones()
    {
        RunIo(async () =>
        {
            var target = new byte[DirectSize];
            var (r, read) = await WaitingReadInto(target);
            var lent = r.Lend(synchronous: true);
            B("first").CopyTo(lent.Span);
            r.Filled(5);
            r.FeedData(B("-then"));
            read.Cancel();
            await Assert.ThrowsAsync<CancelledError>(async () => await read);
            Assert.Equal("first-then", S(await r.ReadExactlyAsync(10)));
            Assert.Equal(0, r.BufferedCount);
        });
    }

    [Fact]
    public void Large_messages_echoed_through_reads_into_one_buffer_arrive_intact()
    {
        var mismatches = RunIo(async () =>
        {
            await using var server = await StartServer(
                async (reader, writer) =>
                {
                    var buffer = new byte[100 * 1024];
                    int n;
                    while ((n = await reader.ReadAsync(buffer.AsMemory())) > 0)
                    {
                        writer.Write(buffer.AsSpan(0, n));
                        await writer.DrainAsync();
                    }

                    writer.Close();
                },
                "127.0.0.1",
                0);
            var (r, w) = await OpenConnection("127.0.0.1", PortOf(server));
            return await EchoMessagesAsync(r, w, 100 * 1024, 30, readChunk: 7000);
        });
        Assert.Equal(0, mismatches);
    }

    /// <summary>A reader with a <c>ReadAsync(memory)</c> waiting on its empty buffer.</summary>
    private static async Task<(AsyncStreamReader Reader, AioTask<int> Read)> WaitingReadInto(Memory<byte> memory)
    {
        var r = new AsyncStreamReader();
        var read = CreateTask(() => r.ReadAsync(memory).AsTask());
        await Sleep(0);
        return (r, read);
    }

    /// <summary>
    /// A reader whose last receive was <see cref="DirectSize"/> bytes, a <c>ReadAsync(DirectSize)</c> waiting on its
    /// empty buffer, and the memory it lends to the next receive.
    /// </summary>
    private static async Task<(AsyncStreamReader Reader, AioTask<byte[]> Read, Memory<byte> Lent)> WaitingLargeRead()
    {
        var r = new AsyncStreamReader();
        int lent;
        do
        {
            // Receives that fill what they are lent: the room doubles up to the read's size.
            lent = r.Lend().Length;
            r.Filled(lent);
            await r.ReadAsync(lent);
        }
        while (lent < DirectSize);

        var read = CreateTask(() => r.ReadAsync(DirectSize).AsTask());
        await Sleep(0);
        return (r, read, r.Lend());
    }

    private static async Task<byte[]> FillAndAwait(AsyncStreamReader reader, AioTask<byte[]> read, int count)
    {
        reader.Filled(count);
        return await read;
    }

    [Fact]
    public void Large_messages_echoed_over_a_socket_arrive_intact()
    {
        var mismatches = RunIo(async () =>
        {
            await using var server = await StartServer(EchoReadsOf(100 * 1024), "127.0.0.1", 0);
            var (r, w) = await OpenConnection("127.0.0.1", PortOf(server));
            return await EchoMessagesAsync(r, w, 100 * 1024, 30, readChunk: 7000);
        });
        Assert.Equal(0, mismatches);
    }

    /// <summary>A connection handler that echoes what each <c>ReadAsync(size)</c> returns, until EOF.</summary>
    internal static Func<AsyncStreamReader, AsyncStreamWriter, Task> EchoReadsOf(int size) => async (reader, writer) =>
    {
        while (await reader.ReadAsync(size) is { Length: > 0 } data)
        {
            writer.Write(data);
            await writer.DrainAsync();
        }

        writer.Close();
    };

    /// <summary>
    /// Sends <paramref name="count"/> patterned messages of <paramref name="size"/> bytes and reads each echo back,
    /// alternately whole and in reads of <paramref name="readChunk"/> bytes; returns how many came back different.
    /// </summary>
    internal static async Task<int> EchoMessagesAsync(AsyncStreamReader reader, AsyncStreamWriter writer, int size, int count, int readChunk)
    {
        var bad = 0;
        for (var m = 0; m < count; m++)
        {
            var message = new byte[size];
            for (var i = 0; i < size; i++)
            {
                message[i] = (byte)(i * 31 + m);
            }

            writer.Write(message);
            await writer.DrainAsync();
            var echoed = new List<byte>(size);
            if (m % 2 == 0)
            {
                echoed.AddRange(await reader.ReadExactlyAsync(size));
            }

            while (echoed.Count < size)
            {
                echoed.AddRange(await reader.ReadAsync(Math.Min(readChunk, size - echoed.Count)));
            }

            bad += echoed.ToArray().AsSpan().SequenceEqual(message) ? 0 : 1;
        }

        writer.Close();
        return bad;
    }
}
