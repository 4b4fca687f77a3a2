using System.Runtime.InteropServices;
using static Aio.Asyncio;
using static Aio.Tests.Streams.IoTest;

namespace Aio.Tests.Streams;

/// <summary>The reader lends its memory to receives (the stream protocol is a buffered protocol).</summary>
public class StreamReaderLendingTests
{
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
            const int size = 16 * 1024; // the first lend's room, and the least read lent its own array
            var r = new AsyncStreamReader();
            var first = r.Lend();
            first.Span[..size].Fill(1);
            r.Filled(size);
            Assert.Equal(size, (await r.ReadAsync(size)).Length);

            // The last receive was as large as the read: the read's own array is lent.
            var read = CreateTask(() => r.ReadAsync(size).AsTask());
            await Sleep(0);
            var lent = r.Lend();
            Assert.Equal(size, lent.Length);
            lent.Span.Fill(2);
            r.Filled(size);
            var data = await read;
            Assert.Same(ArrayOf(lent), data);
            Assert.All(data, b => Assert.Equal(2, b));
        });
    }

    [Fact]
    public void A_read_cancelled_after_its_array_was_filled_leaves_the_bytes_for_the_next_read()
    {
        RunIo(async () =>
        {
            const int size = 16 * 1024; // the first lend's room, and the least read lent its own array
            var r = new AsyncStreamReader();
            var first = r.Lend();
            r.Filled(size);
            await r.ReadAsync(size);

            var read = CreateTask(() => r.ReadAsync(size).AsTask());
            await Sleep(0);
            var lent = r.Lend();
            lent.Span.Fill(3);
            r.Filled(size);
            read.Cancel();
            await Assert.ThrowsAsync<CancelledError>(async () => await read);
            Assert.Equal(size, r.BufferedCount);
            var rest = await r.ReadExactlyAsync(size);
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
            const int size = 16 * 1024; // the first lend's room, and the least read lent its own array
            var r = new AsyncStreamReader();
            r.Lend();
            r.Filled(size);
            await r.ReadAsync(size);

            var read = CreateTask(() => r.ReadAsync(size).AsTask());
            await Sleep(0);
            var lent = r.Lend();
            B("short").CopyTo(lent.Span);
            r.Filled(5);
            Assert.Equal("short", S(await read));
        });
    }

    [Fact]
    public void Large_messages_echoed_over_a_socket_arrive_intact()
    {
        const int size = 100 * 1024;
        var mismatches = RunIo(async () =>
        {
            await using var server = await StartServer(
                async (reader, writer) =>
                {
                    while (await reader.ReadAsync(size) is { Length: > 0 } data)
                    {
                        writer.Write(data);
                        await writer.DrainAsync();
                    }

                    writer.Close();
                },
                "127.0.0.1",
                0);
            var (r, w) = await OpenConnection("127.0.0.1", PortOf(server));
            var bad = 0;
            for (var m = 0; m < 30; m++)
            {
                var message = new byte[size];
                for (var i = 0; i < size; i++)
                {
                    message[i] = (byte)(i * 31 + m);
                }

                w.Write(message);
                await w.DrainAsync();
                var echoed = await r.ReadExactlyAsync(size);
                bad += echoed.AsSpan().SequenceEqual(message) ? 0 : 1;
            }

            w.Close();
            return bad;
        });
        Assert.Equal(0, mismatches);
    }
}
