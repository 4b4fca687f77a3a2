using System.Diagnostics;
using static Aio.Asyncio;

namespace Aio.Bench;

/// <summary>
/// The anchors' <c>micro/timers.py</c>: N <c>CallLater</c> with delays drawn uniformly from [0, 1 s)
/// (pre-generated, not timed), then every other handle cancelled; the figure is schedule + cancel time.
/// </summary>
internal static class Timers
{
    public static Sample Measure(int n) => Run(() =>
    {
        var loop = GetRunningLoop();
        var random = new Random(42);
        var delays = new double[n];
        for (var i = 0; i < n; i++)
        {
            delays[i] = random.NextDouble();
        }

        var fired = 0;
        Action callback = () => fired++;
        var handles = new TimerHandle[n];

        var host = HostStats.Start();
        var t0 = Stopwatch.GetTimestamp();
        for (var i = 0; i < n; i++)
        {
            handles[i] = loop.CallLater(delays[i], callback);
        }

        var t1 = Stopwatch.GetTimestamp();
        for (var i = 0; i < n; i += 2)
        {
            handles[i].Cancel();
        }

        var t2 = Stopwatch.GetTimestamp();
        var usage = HostStats.Stop(host);
        for (var i = 1; i < n; i += 2)
        {
            handles[i].Cancel();
        }

        var sched = Stopwatch.GetElapsedTime(t0, t1).TotalSeconds;
        var cancel = Stopwatch.GetElapsedTime(t1, t2).TotalSeconds;
        var cancelled = (n + 1) / 2;
        return Task.FromResult(new Sample(sched + cancel)
            .With("sched_s", sched)
            .With("cancel_s", cancel)
            .With("ns_per_sched", sched / n * 1e9)
            .With("ns_per_cancel", cancel / cancelled * 1e9)
            .WithAll(usage));
    });
}
