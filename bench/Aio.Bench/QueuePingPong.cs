using System.Diagnostics;
using static Aio.Asyncio;

namespace Aio.Bench;

/// <summary>
/// The anchors' <c>micro/queue_pingpong.py</c>: a producer puts N integers into an <see cref="AsyncQueue{T}"/>, a
/// consumer gets them, both gathered. maxsize 1 forces one task switch per item; 0 (unbounded) lets the producer
/// run ahead. The figure is items per second from the start of the gather until both are done.
/// </summary>
internal static class QueuePingPong
{
    public static Sample Measure(int n, int maxSize) => Run(async () =>
    {
        var q = new AsyncQueue<int>(maxSize);
        async Task Producer()
        {
            for (var i = 0; i < n; i++)
            {
                await q.PutAsync(i);
            }
        }

        async Task Consumer()
        {
            for (var i = 0; i < n; i++)
            {
                await q.GetAsync();
            }
        }

        var host = HostStats.Start();
        var t0 = Stopwatch.GetTimestamp();
        await Gather(CreateTask(Producer), CreateTask(Consumer));
        var wall = Stopwatch.GetElapsedTime(t0).TotalSeconds;
        var usage = HostStats.Stop(host);
        return new Sample(n / wall).With("ns_per_item", wall / n * 1e9).WithAll(usage);
    });
}
