using BenchmarkDotNet.Attributes;
using static Aio.Asyncio;

namespace Aio.Benchmarks;

/// <summary>
/// The loop's own hot paths: scheduling and running a callback (asyncio's <c>call_soon</c>), submitting one from
/// another thread (<c>call_soon_threadsafe</c>), timers (<c>call_later</c> inserted then cancelled, or left to
/// fire) and resuming a task parked on a future. Each invocation runs a fresh loop through <c>Asyncio.Run</c>.
/// </summary>
[MemoryDiagnoser]
public class LoopBenchmarks
{
    private const int Callbacks = 1_000_000;
    private const int Timers = 200_000;
    private const int Resumes = 1_000_000;

    private static readonly Action<object?> s_count = static s => ((Counter)s!).Value++;

    /// <summary>
    /// asyncio: <c>loop.call_soon(cb)</c> 1,000 times, then <c>await sleep(0)</c> while they run; 1,000 such
    /// batches.
    /// </summary>
    [Benchmark(OperationsPerInvoke = Callbacks)]
    public void CallSoon_and_run() => Run(async () =>
    {
        var loop = GetRunningLoop();
        var counter = new Counter();
        for (var batch = 0; batch < Callbacks / 1000; batch++)
        {
            for (var i = 0; i < 1000; i++)
            {
                loop.CallSoon(s_count, counter);
            }

            await Sleep(0);
        }

        Check(counter.Value, Callbacks);
    });

    /// <summary>asyncio: <c>for _ in range(1_000_000): loop.call_soon(cb)</c>, then run them all (a million pending).</summary>
    [Benchmark(OperationsPerInvoke = Callbacks)]
    public void CallSoon_1M_pending_then_run() => Run(async () =>
    {
        var loop = GetRunningLoop();
        var counter = new Counter();
        for (var i = 0; i < Callbacks; i++)
        {
            loop.CallSoon(s_count, counter);
        }

        await Sleep(0);
        Check(counter.Value, Callbacks);
    });

    /// <summary>asyncio: a thread calls <c>loop.call_soon_threadsafe(cb)</c> n times while the loop runs them.</summary>
    [Benchmark(OperationsPerInvoke = Callbacks)]
    public void CallSoonThreadsafe_from_another_thread() => Run(async () =>
    {
        var loop = GetRunningLoop();
        var counter = new Counter();
        var done = loop.CreateFuture<bool>();
        Action count = () => counter.Value++;
        var producer = new Thread(() =>
        {
            for (var i = 0; i < Callbacks - 1; i++)
            {
                loop.CallSoonThreadsafe(count);
            }

            loop.CallSoonThreadsafe(() =>
            {
                counter.Value++;
                done.SetResult(true);
            });
        });
        producer.Start();
        await done;
        producer.Join();
        Check(counter.Value, Callbacks);
    });

    /// <summary>asyncio: <c>h = loop.call_later(10, cb); h.cancel()</c>, n times (the timer heap's insert and removal).</summary>
    [Benchmark(OperationsPerInvoke = Timers)]
    public void CallLater_then_cancel() => Run(() =>
    {
        var loop = GetRunningLoop();
        Action never = static () => throw new InvalidOperationException("a cancelled timer fired");
        for (var i = 0; i < Timers; i++)
        {
            loop.CallLater(10 + (i % 1000 * 0.001), never).Cancel();
        }

        return Task.CompletedTask;
    });

    /// <summary>asyncio: n <c>loop.call_later()</c> timers with deadlines spread over a millisecond, all left to fire.</summary>
    [Benchmark(OperationsPerInvoke = Timers)]
    public void CallLater_and_fire() => Run(async () =>
    {
        var loop = GetRunningLoop();
        var counter = new Counter();
        var done = loop.CreateFuture<bool>();
        Action fire = () =>
        {
            if (++counter.Value == Timers)
            {
                done.SetResult(true);
            }
        };
        for (var i = 0; i < Timers; i++)
        {
            loop.CallLater(i % 1000 * 1e-6, fire);
        }

        await done;
    });

    /// <summary>asyncio: a task awaits a fresh future that a <c>call_soon</c> callback resolves, n times.</summary>
    [Benchmark(OperationsPerInvoke = Resumes)]
    public void Task_resumed_by_a_future() => Run(async () =>
    {
        var loop = GetRunningLoop();
        long sum = 0;
        for (var i = 0; i < Resumes; i++)
        {
            var f = loop.CreateFuture<int>();
            loop.CallSoon(static s => ((Future<int>)s!).SetResult(1), f);
            sum += await f;
        }

        Check(sum, Resumes);
    });

    private static void Check(long actual, long expected)
    {
        if (actual != expected)
        {
            throw new InvalidOperationException($"expected {expected} callbacks to run, saw {actual}");
        }
    }

    private sealed class Counter
    {
        public long Value;
    }
}
