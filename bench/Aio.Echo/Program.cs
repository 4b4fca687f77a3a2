// TCP echo server for the echo load generator (../shared/anchors/echo/echo_bench.py):
//   --mode streams : Asyncio.StartServer, per connection: read up to 100 KiB, write, drain
//   --mode proto   : EventLoop.CreateServer with a Protocol whose DataReceived writes the data back
// Listens on 127.0.0.1:--port, prints "LISTENING <port>", exits on SIGTERM or SIGINT.
//
// By default socket completions run inline on .NET's epoll thread (DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1,
// set below before any socket exists): Aio's completion handlers only post to the loop, so the extra hop through
// the thread pool buys nothing and costs a context switch per read. --no-inline keeps the runtime's default.
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Aio;
using static Aio.Asyncio;

var mode = "proto";
var port = 0;
var inline = true;
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
        case "--port":
            port = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture);
            break;
        default:
            Console.Error.WriteLine("usage: Aio.Echo --mode streams|proto --port N [--no-inline]");
            return 2;
    }
}

if (mode is not ("streams" or "proto"))
{
    Console.Error.WriteLine($"unknown mode {mode}: use streams or proto");
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
    await using var server = mode == "streams"
        ? await StartServer(EchoStreamAsync, "127.0.0.1", port)
        : await loop.CreateServer(() => new EchoProtocol(), "127.0.0.1", port);
    Console.WriteLine($"LISTENING {((IPEndPoint)server.Sockets[0].LocalEndPoint!).Port}");
    await stop;
    server.Close();
    server.AbortClients();
});
return 0;

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

internal sealed class EchoProtocol : Protocol
{
    private Transport? _transport;

    public override void ConnectionMade(Transport transport) => _transport = transport;

    public override void DataReceived(ReadOnlySpan<byte> data) => _transport!.Write(data);
}
