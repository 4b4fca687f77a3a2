// Echo server and client on Aio streams.
//   dotnet run --project samples/Echo -- --mode server --port 8888     serve until Ctrl+C
//   dotnet run --project samples/Echo -- --mode client --port 8888     send a few lines, print the echoes
//   dotnet run --project samples/Echo -- --mode both                   both in one process on a free port (default)
using System.Net;
using System.Runtime.InteropServices;
using System.Text;
using Aio;
using static Aio.Asyncio;

var mode = "both";
var port = 0;
for (var i = 0; i + 1 < args.Length; i += 2)
{
    if (args[i] == "--mode")
    {
        mode = args[i + 1];
    }
    else if (args[i] == "--port")
    {
        port = int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture);
    }
}

if (mode is not ("server" or "client" or "both"))
{
    Console.Error.WriteLine("usage: Echo --mode server|client|both [--port N]");
    return 2;
}

var interrupted = false;
try
{
    Run(async () =>
    {
        // Ctrl+C cancels the main task, so every finally block below runs.
        var main = CurrentTask()!;
        GetRunningLoop().AddSignalHandler(PosixSignal.SIGINT, () =>
        {
            interrupted = true;
            main.Cancel();
        });

        if (mode == "client")
        {
            await ClientAsync(port);
            return;
        }

        await using var server = await StartServer(HandleAsync, "127.0.0.1", port);
        var actual = ((IPEndPoint)server.Sockets[0].LocalEndPoint!).Port;
        Console.WriteLine($"echo server on 127.0.0.1:{actual}");
        if (mode == "server")
        {
            await server.ServeForeverAsync();
        }
        else
        {
            await ClientAsync(actual);
        }
    });
}
catch (CancelledError) when (interrupted)
{
    Console.WriteLine("interrupted");
    return 130;
}

return 0;

static async Task HandleAsync(AsyncStreamReader reader, AsyncStreamWriter writer)
{
    var peer = writer.GetExtraInfo("peername");
    await foreach (var line in reader)
    {
        writer.Write(line);
        await writer.DrainAsync();
    }

    Console.WriteLine($"{peer} disconnected");
}

static async Task ClientAsync(int port)
{
    var (reader, writer) = await OpenConnection("127.0.0.1", port);
    await using var _ = writer;
    foreach (var text in new[] { "hello", "from", "Aio" })
    {
        writer.Write(Encoding.UTF8.GetBytes(text + "\n"));
        await writer.DrainAsync();
        var echo = await reader.ReadLineAsync();
        Console.WriteLine($"sent {text!,-6} got {Encoding.UTF8.GetString(echo).TrimEnd()}");
    }

    writer.WriteEof();
    await reader.ReadAsync();
}
