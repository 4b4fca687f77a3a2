using System.Text;
using BenchmarkDotNet.Attributes;
using static Aio.Asyncio;

namespace Aio.Benchmarks;

/// <summary>
/// Stream reads and writes. In memory: bytes fed to an <see cref="AsyncStreamReader"/> (as its protocol does when a
/// receive lands) and read back with <c>read(n)</c>, <c>readexactly(n)</c> and <c>readline()</c>. Over loopback
/// TCP: a client that writes 1 KiB, drains and reads the echo from a streams server on the same loop, so the
/// figure is one round trip through both sides' transports and the kernel.
/// </summary>
[MemoryDiagnoser]
public class StreamBenchmarks
{
    private const int Reads = 1_000_000;
    private const int RoundTrips = 20_000;
    private const int WaitedReads = 500_000;

    private static readonly byte[] s_block = new byte[1024];
    private static readonly byte[] s_line = Encoding.ASCII.GetBytes(new string('x', 63) + "\n");

    /// <summary>asyncio: <c>reader.feed_data(b); await reader.read(1024)</c> with 1 KiB blocks.</summary>
    [Benchmark(OperationsPerInvoke = Reads)]
    public void Reader_read_1KiB() => Run(async () =>
    {
        var reader = new AsyncStreamReader();
        for (var i = 0; i < Reads; i++)
        {
            reader.FeedData(s_block);
            Check(await reader.ReadAsync(1024), 1024);
        }
    });

    /// <summary>The same into a caller's buffer: <c>ReadAsync(Memory&lt;byte&gt;)</c>, which allocates nothing.</summary>
    [Benchmark(OperationsPerInvoke = Reads)]
    public void Reader_read_into_buffer_1KiB() => Run(async () =>
    {
        var reader = new AsyncStreamReader();
        var buffer = new byte[1024];
        for (var i = 0; i < Reads; i++)
        {
            reader.FeedData(s_block);
            Check(await reader.ReadAsync(buffer.AsMemory()), 1024);
        }
    });

    /// <summary>asyncio: <c>reader.feed_data(b); await reader.readexactly(1024)</c>.</summary>
    [Benchmark(OperationsPerInvoke = Reads)]
    public void Reader_readexactly_1KiB() => Run(async () =>
    {
        var reader = new AsyncStreamReader();
        for (var i = 0; i < Reads; i++)
        {
            reader.FeedData(s_block);
            Check(await reader.ReadExactlyAsync(1024), 1024);
        }
    });

    /// <summary>asyncio: <c>reader.feed_data(line); await reader.readline()</c> with 64-byte lines.</summary>
    [Benchmark(OperationsPerInvoke = Reads)]
    public void Reader_readline_64B() => Run(async () =>
    {
        var reader = new AsyncStreamReader();
        for (var i = 0; i < Reads; i++)
        {
            reader.FeedData(s_line);
            Check(await reader.ReadLineAsync(), s_line.Length);
        }
    });

    /// <summary>
    /// A read that waits: two tasks pass one 64-byte line back and forth through two readers, each feeding the
    /// other's reader and then waiting on its own, so every read parks, is woken and resumes its caller (one task
    /// switch per read). asyncio: <c>read(64)</c>.
    /// </summary>
    [Benchmark(OperationsPerInvoke = WaitedReads)]
    public void Reader_read_that_waits_64B() => PingPong(ReadKind.Read);

    /// <summary>The same with <c>readexactly(64)</c>.</summary>
    [Benchmark(OperationsPerInvoke = WaitedReads)]
    public void Reader_readexactly_that_waits_64B() => PingPong(ReadKind.ReadExactly);

    /// <summary>The same with <c>readline()</c>.</summary>
    [Benchmark(OperationsPerInvoke = WaitedReads)]
    public void Reader_readline_that_waits_64B() => PingPong(ReadKind.ReadLine);

    /// <summary>
    /// asyncio: <c>writer.write(b); await writer.drain(); await reader.readexactly(1024)</c> against a streams
    /// echo server on the same loop, over 127.0.0.1.
    /// </summary>
    [Benchmark(OperationsPerInvoke = RoundTrips)]
    public void Tcp_round_trip_1KiB() => Run(async () =>
    {
        await using var server = await StartServer(Echo, "127.0.0.1", 0);
        var port = ((System.Net.IPEndPoint)server.Sockets[0].LocalEndPoint!).Port;
        var (reader, writer) = await OpenConnection("127.0.0.1", port);
        for (var i = 0; i < RoundTrips; i++)
        {
            writer.Write(s_block);
            await writer.DrainAsync();
            Check(await reader.ReadExactlyAsync(1024), 1024);
        }

        writer.Close();
        await writer.WaitClosedAsync();
    });

    private enum ReadKind
    {
        Read,
        ReadExactly,
        ReadLine,
    }

    private static void PingPong(ReadKind kind) => Run(async () =>
    {
        var (mine, theirs) = (new AsyncStreamReader(), new AsyncStreamReader());
        var other = CreateTask(() => PassLines(theirs, mine, kind, WaitedReads / 2));
        mine.FeedData(s_line);
        await PassLines(mine, theirs, kind, WaitedReads / 2);
        await other;
    });

    // Reads a line from one reader and feeds it to the other, count times.
    private static async Task PassLines(AsyncStreamReader from, AsyncStreamReader to, ReadKind kind, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var line = kind switch
            {
                ReadKind.Read => await from.ReadAsync(s_line.Length),
                ReadKind.ReadExactly => await from.ReadExactlyAsync(s_line.Length),
                _ => await from.ReadLineAsync(),
            };
            Check(line, s_line.Length);
            to.FeedData(line);
        }
    }

    private static async Task Echo(AsyncStreamReader reader, AsyncStreamWriter writer)
    {
        var buffer = new byte[4096];
        int n;
        while ((n = await reader.ReadAsync(buffer.AsMemory())) > 0)
        {
            writer.Write(buffer.AsSpan(0, n));
            await writer.DrainAsync();
        }

        writer.Close();
    }

    private static void Check(byte[] data, int expected) => Check(data.Length, expected);

    private static void Check(int actual, int expected)
    {
        if (actual != expected)
        {
            throw new InvalidOperationException($"expected {expected} bytes, read {actual}");
        }
    }
}
