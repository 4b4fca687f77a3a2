using System.Diagnostics;
using System.Runtime.CompilerServices;
using Aio.BenchSupport;
using static Aio.Asyncio;

namespace Aio.Bench;

/// <summary>
/// The anchors' <c>micro/spawn.py</c>: <c>--mode gather</c> (create_task of N no-op coroutines, then gather) and
/// <c>--mode sleep0</c> (N tasks × K <c>await sleep(0)</c>, then gather). Timed from the first CreateTask to the
/// end of the gather, inside the running loop.
/// </summary>
internal static class Spawn
{
    public static Sample Gather(int n, bool eager = false)
    {
        var sample = Run(async () =>
        {
            // Eager: asyncio 3.12's eager_task_factory; Noop then finishes inside CreateTask.
            GetRunningLoop().EagerTaskStart = eager;
            var host = HostStats.Start();
            var start = Stopwatch.GetTimestamp();
            await Asyncio.Gather(Tasks(n, Noop));
            var wall = Stopwatch.GetElapsedTime(start).TotalSeconds;
            return new Sample(wall).WithAll(HostStats.Stop(host));
        });
        return sample.With("ns_per_op", sample.Value / n * 1e9);
    }

    public static Sample Sleep0(int n, int switches)
    {
        // One function for every task, as in the Python script.
        Func<Task> worker = () => Worker(switches);
        var sample = Run(async () =>
        {
            var host = HostStats.Start();
            var start = Stopwatch.GetTimestamp();
            await Asyncio.Gather(Tasks(n, worker));
            var wall = Stopwatch.GetElapsedTime(start).TotalSeconds;
            return new Sample(wall).WithAll(HostStats.Stop(host));
        });
        return sample.With("ns_per_op", sample.Value / ((double)n * switches) * 1e9);
    }

    /// <summary>
    /// <see cref="Sleep0"/> with the loop's own time apart: an extra <c>Sleep(0)</c> of the measuring task after
    /// the spawns resumes once every task has run its first step, which splits the figure into the spawns, the
    /// first steps (where each task's context, state machine and first wait are allocated) and the rest.
    /// </summary>
    public static Sample Sleep0Phases(int n, int switches)
    {
        Func<Task> worker = () => Worker(switches);
        return Run(async () =>
        {
            var host = HostStats.Start();
            var start = Stopwatch.GetTimestamp();
            var tasks = Tasks(n, worker);
            var spawned = Stopwatch.GetTimestamp();
            var faultsSpawning = HostStats.MinorFaults() - host.MinorFaults;
            await Sleep(0);
            var started = Stopwatch.GetTimestamp();
            var faultsStarting = HostStats.MinorFaults() - host.MinorFaults - faultsSpawning;
            await Asyncio.Gather(tasks);
            var end = Stopwatch.GetTimestamp();
            return new Sample(Stopwatch.GetElapsedTime(start, end).TotalSeconds)
                .WithAll(HostStats.Stop(host))
                .With("spawn_s", Stopwatch.GetElapsedTime(start, spawned).TotalSeconds)
                .With("spawn_minflt", faultsSpawning)
                .With("first_steps_s", Stopwatch.GetElapsedTime(spawned, started).TotalSeconds)
                .With("first_steps_minflt", faultsStarting)
                .With("rest_s", Stopwatch.GetElapsedTime(started, end).TotalSeconds);
        });
    }

    /// <summary>
    /// The same coroutines on <see cref="BareLoop"/>, measured the same way: what .NET's async machinery alone
    /// costs for this workload, the floor under Aio's figure.
    /// </summary>
    public static Sample Sleep0Floor(int n, int switches)
    {
        BareLoop.Reserve(n);
        var finished = BareLoop.Finished;
        var host = HostStats.Start();
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < n; i++)
        {
            _ = BareLoop.Worker(switches);
        }

        BareLoop.RunAll();
        var wall = Stopwatch.GetElapsedTime(start).TotalSeconds;
        if (BareLoop.Finished - finished != n)
        {
            throw new InvalidOperationException("the bare loop stopped before its coroutines ended");
        }

        return new Sample(wall).WithAll(HostStats.Stop(host)).With("ns_per_op", wall / ((double)n * switches) * 1e9);
    }

#pragma warning disable CS1998 // asyncio's `async def noop(): pass`: a coroutine that never suspends
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

    /// <summary>
    /// <c>[create_task(fn()) for _ in range(n)]</c>. Compiled optimized at its first call: a loop left to tiered
    /// compilation in a method that runs once per sample is recompiled on the stack (OSR) part-way through the
    /// measured loop, and that compilation's time and native memory would be counted against the tasks.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static AioTask[] Tasks(int n, Func<Task> body)
    {
        var tasks = new AioTask[n];
        for (var i = 0; i < n; i++)
        {
            tasks[i] = CreateTask(body);
        }

        return tasks;
    }
}
