using System.Diagnostics;
using static Aio.Asyncio;

namespace Aio.Bench;

/// <summary>
/// The anchors' <c>micro/seed_headline.py</c>: R requests of L seconds (<c>await Sleep(L)</c>), in turn (a sample
/// of them measured and extrapolated to R, as the script does by default) or all together with Gather.
/// </summary>
internal static class SeedHeadline
{
    public static Sample Serial(int requests, double latency, int measured) => Run(async () =>
    {
        var host = HostStats.Start();
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < measured; i++)
        {
            await Sleep(latency);
        }

        var wall = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var value = wall * requests / measured;
        return new Sample(value).WithAll(HostStats.Stop(host))
            .With("overhead_ms", (value - (requests * latency)) * 1000)
            .With("measured_s", wall)
            .With("measured_n", measured);
    });

    public static Sample Gather(int requests, double latency) => Run(async () =>
    {
        async Task Request() => await Sleep(latency);

        var host = HostStats.Start();
        var start = Stopwatch.GetTimestamp();
        var tasks = new Future[requests];
        for (var i = 0; i < requests; i++)
        {
            tasks[i] = CreateTask(Request);
        }

        await Asyncio.Gather(tasks);
        var wall = Stopwatch.GetElapsedTime(start).TotalSeconds;
        return new Sample(wall).WithAll(HostStats.Stop(host))
            .With("overhead_ms", (wall - latency) * 1000);
    });
}
