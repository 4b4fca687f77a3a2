using System.Threading.Channels;
using BenchmarkDotNet.Attributes;
using static Aio.Asyncio;

namespace Aio.Benchmarks;

/// <summary>
/// AsyncQueue ping-pong on the loop: one producer task puts <see cref="Items"/> integers, one consumer task gets them.
/// Aio's queue beside System.Threading.Channels doing the same work on the same loop (their continuations are
/// posted through the loop's synchronization context), so the figures compare with asyncio's queue. Also the
/// uncontended paths: put and get with nothing to wait for.
/// </summary>
[MemoryDiagnoser]
public class QueueBenchmarks
{
    private const int Items = 1_000_000;

    [Benchmark(OperationsPerInvoke = Items)]
    public void AioQueue_maxsize_1() => Run(() => PingPong(new AsyncQueue<int>(1)));

    [Benchmark(OperationsPerInvoke = Items)]
    public void AioQueue_unbounded() => Run(() => PingPong(new AsyncQueue<int>()));

    [Benchmark(OperationsPerInvoke = Items)]
    public void Channel_bounded_1_on_the_loop() =>
        Run(() => PingPong(Channel.CreateBounded<int>(new BoundedChannelOptions(1) { SingleReader = true, SingleWriter = true })));

    [Benchmark(OperationsPerInvoke = Items)]
    public void Channel_unbounded_on_the_loop() =>
        Run(() => PingPong(Channel.CreateUnbounded<int>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true })));

    /// <summary>asyncio: <c>q.put_nowait(i); q.get_nowait()</c> with no task waiting.</summary>
    [Benchmark(OperationsPerInvoke = Items)]
    public void AioQueue_put_get_nowait() => Run(() =>
    {
        var q = new AsyncQueue<int>();
        long sum = 0;
        for (var i = 0; i < Items; i++)
        {
            q.PutNowait(i);
            sum += q.GetNowait();
        }

        return Task.FromResult(sum);
    });

    /// <summary>asyncio: <c>await q.put(i); await q.get()</c> in one task: neither ever has to wait.</summary>
    [Benchmark(OperationsPerInvoke = Items)]
    public void AioQueue_put_get_uncontended() => Run(async () =>
    {
        var q = new AsyncQueue<int>(1);
        long sum = 0;
        for (var i = 0; i < Items; i++)
        {
            await q.PutAsync(i);
            sum += await q.GetAsync();
        }

        return sum;
    });

    private static async Task PingPong(AsyncQueue<int> q)
    {
        var consumer = CreateTask(async () =>
        {
            long sum = 0;
            for (var i = 0; i < Items; i++)
            {
                sum += await q.GetAsync();
            }

            return sum;
        });
        for (var i = 0; i < Items; i++)
        {
            await q.PutAsync(i);
        }

        await consumer;
    }

    private static async Task PingPong(Channel<int> channel)
    {
        var consumer = CreateTask(async () =>
        {
            long sum = 0;
            for (var i = 0; i < Items; i++)
            {
                sum += await channel.Reader.ReadAsync();
            }

            return sum;
        });
        for (var i = 0; i < Items; i++)
        {
            await channel.Writer.WriteAsync(i);
        }

        await consumer;
    }
}
