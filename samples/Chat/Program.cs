// A line-based chat server: every line a client sends goes to every other client.
//   dotnet run --project samples/Chat -- --port 7777           serve until Ctrl+C (try: nc 127.0.0.1 7777)
//   dotnet run --project samples/Chat -- --self-test 20         run 20 clients against it, check, exit
using System.Net;
using System.Runtime.InteropServices;
using System.Text;
using Aio;
using static Aio.Asyncio;

var port = 0;
var selfTest = 0;
for (var i = 0; i + 1 < args.Length; i += 2)
{
    switch (args[i])
    {
        case "--port":
            port = int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture);
            break;
        case "--self-test":
            selfTest = int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture);
            break;
    }
}

var clients = new Dictionary<AsyncStreamWriter, string>();
var interrupted = false;
try
{
    return Run(async () =>
    {
        var main = CurrentTask()!;
        GetRunningLoop().AddSignalHandler(PosixSignal.SIGINT, () =>
        {
            interrupted = true;
            main.Cancel();
        });
        await using var server = await StartServer(HandleAsync, "127.0.0.1", port);
        var actual = ((IPEndPoint)server.Sockets[0].LocalEndPoint!).Port;
        Console.WriteLine($"chat on 127.0.0.1:{actual}");
        if (selfTest <= 0)
        {
            await server.ServeForeverAsync();
            return 0;
        }

        var ok = await SelfTestAsync(actual, selfTest);
        server.CloseClients();
        return ok ? 0 : 1;
    });
}
catch (CancelledError) when (interrupted)
{
    Console.WriteLine("interrupted");
    return 130;
}

async Task HandleAsync(AsyncStreamReader reader, AsyncStreamWriter writer)
{
    writer.Write("name? "u8);
    var name = Encoding.UTF8.GetString(await reader.ReadLineAsync()).Trim();
    if (name.Length == 0)
    {
        return;
    }

    clients[writer] = name;
    await BroadcastAsync(writer, $"* {name} joined\n");
    try
    {
        await foreach (var line in reader)
        {
            await BroadcastAsync(writer, $"{name}: {Encoding.UTF8.GetString(line)}");
        }
    }
    finally
    {
        clients.Remove(writer);
        await BroadcastAsync(writer, $"* {name} left\n");
    }
}

async Task BroadcastAsync(AsyncStreamWriter from, string message)
{
    var bytes = Encoding.UTF8.GetBytes(message);
    var targets = clients.Keys.Where(w => w != from && !w.IsClosing).ToList();
    foreach (var w in targets)
    {
        w.Write(bytes);
    }

    // A slow client only slows the sender down to its own pace; a broken one is dropped, not fatal.
    foreach (var w in targets)
    {
        try
        {
            await w.DrainAsync();
        }
        catch (System.Net.Sockets.SocketException)
        {
            clients.Remove(w);
        }
    }
}

static async Task<bool> SelfTestAsync(int port, int n)
{
    // Each client joins, waits until everyone has joined, says one line, then reads until it has heard all others.
    var allJoined = new Future<bool>();
    var joined = 0;
    var heard = await TaskGroup.RunAsync(async group =>
    {
        var tasks = Enumerable.Range(0, n).Select(i => group.CreateTask(async () =>
        {
            var (reader, writer) = await OpenConnection("127.0.0.1", port);
            await using var _ = writer;
            await reader.ReadExactlyAsync("name? ".Length);
            writer.Write(Encoding.UTF8.GetBytes($"client{i}\n"));
            await writer.DrainAsync();
            if (++joined == n)
            {
                allJoined.SetResult(true);
            }

            await allJoined;
            await Sleep(0.2);
            writer.Write(Encoding.UTF8.GetBytes($"hello from {i}\n"));
            await writer.DrainAsync();
            var got = 0;
            while (got < n - 1)
            {
                var line = Encoding.UTF8.GetString(await reader.ReadLineAsync());
                if (line.Length == 0)
                {
                    break;
                }

                if (line.Contains(": hello from ", StringComparison.Ordinal))
                {
                    got++;
                }
            }

            return got;
        })).ToList();
        var results = new List<int>();
        foreach (var t in tasks)
        {
            results.Add(await t);
        }

        return results;
    });
    var ok = heard.All(h => h == n - 1);
    Console.WriteLine(ok ? $"self-test passed: {n} clients each heard {n - 1} messages" : $"self-test FAILED: {string.Join(",", heard)}");
    return ok;
}
