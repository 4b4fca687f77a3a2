using System.Diagnostics;
using static Aio.Asyncio;

namespace Aio.Bench;

/// <summary>
/// The anchors' <c>micro/task_memory.py</c>: resident-set growth per task for N tasks parked on one shared wait.
/// asyncio parks them on an <c>Event</c>; here they all await one <see cref="Future{T}"/>, the wait an event is
/// built on. As in the Python script: a warm-up round, a full collection, RSS, then N tasks created and run up
/// to their wait (one loop turn), RSS again — without a collection in between, so garbage made while spawning
/// counts, as it would for any runtime. <c>rss_gc_per_task</c> is the same growth after a full collection.
/// </summary>
internal static class TaskMemory
{
    public static Sample Measure(int n) => Run(async () =>
    {
        var gate = new Future<bool>();
        var parked = 0;

        async Task Park()
        {
            parked++;
            await gate;
        }

        // One delegate, as the Python script has one function object: converting Park at each CreateTask would
        // allocate a delegate per task, garbage that no collection clears before the RSS is read.
        Func<Task> waiter = Park;
        var warm = Spawn.Tasks(1000, waiter);

        await Sleep(0);
        gate.SetResult(true);
        await Asyncio.Gather(warm);
        gate = new Future<bool>();
        parked = 0;
        warm = null;
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);

        var r0 = HostStats.Rss();
        var h0 = HostStats.PeakRss();
        var heap0 = GC.GetTotalMemory(forceFullCollection: false);
        var host = HostStats.Start();
        var start = Stopwatch.GetTimestamp();
        var tasks = Spawn.Tasks(n, waiter);

        await Sleep(0);
        var spawnPark = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var usage = HostStats.Stop(host);
        var r1 = HostStats.Rss();
        var h1 = HostStats.PeakRss();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        var heap1 = GC.GetTotalMemory(forceFullCollection: false);
        var r2 = HostStats.Rss();
        var parkedCount = parked;
        gate.SetResult(true);
        await Asyncio.Gather(tasks);
        if (parkedCount != n)
        {
            throw new InvalidOperationException($"only {parkedCount} of {n} tasks parked");
        }

        return new Sample((double)(r1 - r0) / n)
            .With("hwm_per_task", (double)(h1 - h0) / n)
            .With("rss_gc_per_task", (double)(r2 - r0) / n)
            .With("heap_per_task", (double)(heap1 - heap0) / n)
            .With("spawn_park_s", spawnPark)
            .With("rss0_mib", r0 / 1048576.0)
            .WithAll(usage);
    });
}
