// A subprocess pipeline, like `seq 1 100000 | grep 7 | wc -l`, with the data passed between the processes by
// Aio streams (bounded memory: each copy waits on DrainAsync), then a CommunicateAsync one-shot.
//   dotnet run --project samples/Pipeline
using System.Text;
using Aio;
using static Aio.Asyncio;

return Run(async () =>
{
    var seq = await CreateSubprocessExec("seq", ["1", "100000"], stdout: Stdio.Pipe);
    var grep = await CreateSubprocessExec("grep", ["7"], stdin: Stdio.Pipe, stdout: Stdio.Pipe);
    var wc = await CreateSubprocessExec("wc", ["-l"], stdin: Stdio.Pipe, stdout: Stdio.Pipe);

    await Gather(
        () => CopyAsync(seq.Stdout!, grep.Stdin!),
        () => CopyAsync(grep.Stdout!, wc.Stdin!));
    var count = Encoding.ASCII.GetString(await wc.Stdout!.ReadAsync()).Trim();
    var codes = await Gather(async () => await seq.WaitAsync(), async () => await grep.WaitAsync(), async () => await wc.WaitAsync());
    Console.WriteLine($"numbers up to 100000 containing a 7: {count} (exit codes {string.Join(",", codes)})");

    var sort = await CreateSubprocessExec("sort", ["-r"], stdin: Stdio.Pipe, stdout: Stdio.Pipe);
    var (sorted, _) = await sort.CommunicateAsync("apple\ncherry\nbanana\n"u8.ToArray());
    Console.WriteLine("sort -r: " + Encoding.ASCII.GetString(sorted!).Replace('\n', ' ').Trim());

    var failing = await CreateSubprocessShell("echo oops >&2; exit 4", stderr: Stdio.Pipe);
    var (_, err) = await failing.CommunicateAsync();
    Console.WriteLine($"shell exited {failing.ReturnCode} saying: {Encoding.ASCII.GetString(err!).Trim()}");
    return count == "40951" ? 0 : 1;
});

static async Task CopyAsync(AsyncStreamReader from, AsyncStreamWriter to)
{
    while (true)
    {
        var chunk = await from.ReadAsync(64 * 1024);
        if (chunk.Length == 0)
        {
            break;
        }

        to.Write(chunk);
        await to.DrainAsync();
    }

    to.Close();
}
