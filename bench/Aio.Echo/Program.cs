// TCP echo server for the echo load generator (../shared/anchors/echo/echo_bench.py):
//   --mode streams : Asyncio.StartServer, per connection: read up to 100 KiB (ReadAsync(int), a new array per read,
//                    as asyncio's read(n) returns new bytes), write, drain
//   --mode streams-into : the same with ReadAsync(Memory<byte>) into one 100 KiB buffer per connection (.NET's
//                    allocation-free Stream style)
//   --mode proto   : EventLoop.CreateServer with a Protocol whose DataReceived writes the data back
// Listens on 127.0.0.1:--port, prints "LISTENING <port>", exits on SIGTERM or SIGINT (printing the garbage
// collector's counts as a GCSTATS line on stderr).
// --loops N runs N event loops, one thread each, every one listening on the port with SO_REUSEPORT so the kernel
// spreads connections across them (the one-loop-per-core design).
//
// On Linux the loop drives its sockets by readiness itself. With AIO_POLLER=0 (or elsewhere) socket completions
// come from .NET's engine; they then run inline on its epoll thread (DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1,
// set below before any socket exists), since Aio's completion handlers only post to the loop and a hop through the
// thread pool would buy nothing. --no-inline keeps the runtime's default.
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Aio;
using static Aio.Asyncio;

var mode = "proto";
var port = 0;
var inline = true;
var loops = 1;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--no-inline":
            inline = false;
            break;
        case "--mode":
            mode = args[++i];
            break;
        case "--loops":
            loops = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture);
            break;
        case "--port":
            port = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture);
            break;
        default:
            Console.Error.WriteLine("usage: Aio.Echo --mode streams|streams-into|proto --port N [--loops N] [--no-inline]");
            return 2;
    }
}

if (loops < 1)
{
    Console.Error.WriteLine("--loops must be at least 1");
    return 2;
}

if (mode is not ("streams" or "streams-into" or "proto"))
{
    Console.Error.WriteLine($"unknown mode {mode}: use streams, streams-into or proto");
    return 2;
}

if (inline && Environment.GetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS") is null)
{
    Environment.SetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1");
}

Run(async () =>
{
    var loop = GetRunningLoop();
    var stop = loop.CreateFuture<bool>();
    loop.AddSignalHandler(PosixSignal.SIGTERM, () => stop.TrySetResult(true));
    loop.AddSignalHandler(PosixSignal.SIGINT, () => stop.TrySetResult(true));
    await using var server = await ListenAsync(port, reusePort: loops > 1);
    var bound = ((IPEndPoint)server.Sockets[0].LocalEndPoint!).Port;

    // The other loops listen on the port the first one bound; each stops when the first asks it to.
    var others = new List<(Thread Thread, EventLoop Loop, Future<bool> Stop)>();
    for (var i = 1; i < loops; i++)
    {
        var ready = new TaskCompletionSource<(EventLoop, Future<bool>)>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() => Run(async () =>
        {
            var own = GetRunningLoop();
            var stopOwn = own.CreateFuture<bool>();
            await using var s = await ListenAsync(bound, reusePort: true);
            ready.SetResult((own, stopOwn));
            await stopOwn;
            s.Close();
            s.AbortClients();
        }))
        { IsBackground = true, Name = $"loop {i}" };
        thread.Start();
        var (l, f) = await ready.Task;
        others.Add((thread, l, f));
    }

    Console.WriteLine($"LISTENING {bound}");
    await stop;
    foreach (var (_, l, f) in others)
    {
        l.CallSoonThreadsafe(() => f.TrySetResult(true));
    }

    foreach (var (t, _, _) in others)
    {
        t.Join();
    }

    server.Close();
    server.AbortClients();
});
// What the collector did over the server's life, for comparing settings (stderr: the driver reads stdout).
Console.Error.WriteLine(
    $"GCSTATS gc0={GC.CollectionCount(0)} gc1={GC.CollectionCount(1)} gc2={GC.CollectionCount(2)} " +
    $"pause_s={GC.GetTotalPauseDuration().TotalSeconds:F3} alloc_mib={GC.GetTotalAllocatedBytes() / 1048576}");
return 0;

Task<Server> ListenAsync(int port, bool reusePort) => mode switch
{
    "streams" => StartServer(EchoStreamAsync, "127.0.0.1", port, reusePort: reusePort),
    "streams-into" => StartServer(EchoStreamIntoAsync, "127.0.0.1", port, reusePort: reusePort),
    _ => GetRunningLoop().CreateServer(() => new EchoProtocol(), "127.0.0.1", port, reusePort: reusePort),
};

static async Task EchoStreamAsync(Aio.AsyncStreamReader reader, Aio.AsyncStreamWriter writer)
{
    try
    {
        while (true)
        {
            var data = await reader.ReadAsync(102400);
            if (data.Length == 0)
            {
                break;
            }

            writer.Write(data);
            await writer.DrainAsync();
        }
    }
    catch (SocketException)
    {
        // The client went away mid-stream: nothing to echo to.
    }
    finally
    {
        writer.Close();
    }
}

static async Task EchoStreamIntoAsync(Aio.AsyncStreamReader reader, Aio.AsyncStreamWriter writer)
{
    var buffer = new byte[102400];
    try
    {
        int n;
        while ((n = await reader.ReadAsync(buffer.AsMemory())) > 0)
        {
            writer.Write(buffer.AsSpan(0, n));
            await writer.DrainAsync();
        }
    }
    catch (SocketException)
    {
        // The client went away mid-stream: nothing to echo to.
    }
    finally
    {
        writer.Close();
    }
}

internal sealed class EchoProtocol : Protocol
{
    private Transport? _transport;

    public override void ConnectionMade(Transport transport) => _transport = transport;

    public override void DataReceived(ReadOnlySpan<byte> data) => _transport!.Write(data);
}
