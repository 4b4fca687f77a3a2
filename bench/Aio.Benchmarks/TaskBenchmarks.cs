using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using static Aio.Asyncio;

namespace Aio.Benchmarks;

/// <summary>
/// Task spawn and switch cost, the workloads of the anchors' <c>micro/spawn.py</c>. Each invocation runs a fresh
/// loop through <c>Asyncio.Run</c>, so loop creation and shutdown are included (a few microseconds against
/// hundreds of milliseconds). One invocation per iteration: each is long enough to time on its own.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 2, iterationCount: 7)]
public class TaskBenchmarks
{
    /// <summary>asyncio: <c>tasks = [create_task(noop()) for _ in range(1_000_000)]; await gather(*tasks)</c>.</summary>
    [Benchmark]
    public void SpawnGather1M() => Run(() => SpawnGather(1_000_000));

    /// <summary>asyncio: 100,000 tasks that each <c>await sleep(0)</c> ten times, then gather.</summary>
    [Benchmark]
    public void Sleep0_100kX10() => Run(() => Sleep0(100_000, 10));

    internal static async Task SpawnGather(int n)
    {
        var tasks = new Future[n];
        for (var i = 0; i < n; i++)
        {
            tasks[i] = CreateTask(Noop);
        }

        await Gather(tasks);
    }

    internal static async Task Sleep0(int n, int switches)
    {
        var tasks = new Future[n];
        for (var i = 0; i < n; i++)
        {
            tasks[i] = CreateTask(() => Worker(switches));
        }

        await Gather(tasks);
    }

#pragma warning disable CS1998 // the point is a coroutine that does nothing: asyncio's `async def noop(): pass`
    private static async Task Noop()
    {
    }
#pragma warning restore CS1998

    private static async Task Worker(int switches)
    {
        for (var i = 0; i < switches; i++)
        {
            await Sleep(0);
        }
    }
}
