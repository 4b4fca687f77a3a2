using BenchmarkDotNet.Attributes;
using static Aio.Asyncio;

namespace Aio.Benchmarks;

/// <summary>
/// The primitives' uncontended paths (one task, nothing to wait for: the cost every acquire pays) and the hand-offs
/// <see cref="LockBenchmarks"/> does not cover: an event, a condition and a two-party barrier passing control between
/// two tasks. asyncio's equivalents are named on each benchmark.
/// </summary>
[MemoryDiagnoser]
public class SyncBenchmarks
{
    private const int Rounds = 1_000_000;

    /// <summary>asyncio: <c>async with lock: pass</c> with no other task around.</summary>
    [Benchmark(OperationsPerInvoke = Rounds)]
    public void Lock_uncontended() => Run(async () =>
    {
        var gate = new AsyncLock();
        for (var i = 0; i < Rounds; i++)
        {
            await gate.AcquireAsync();
            gate.Release();
        }
    });

    /// <summary>asyncio: <c>await sem.acquire(); sem.release()</c> on a semaphore with a free permit.</summary>
    [Benchmark(OperationsPerInvoke = Rounds)]
    public void Semaphore_uncontended() => Run(async () =>
    {
        var sem = new AsyncSemaphore(1);
        for (var i = 0; i < Rounds; i++)
        {
            await sem.AcquireAsync();
            sem.Release();
        }
    });

    /// <summary>asyncio: <c>await event.wait()</c> on an event that is already set.</summary>
    [Benchmark(OperationsPerInvoke = Rounds)]
    public void Event_wait_when_set() => Run(async () =>
    {
        var ev = new AsyncEvent();
        ev.Set();
        for (var i = 0; i < Rounds; i++)
        {
            await ev.WaitAsync();
        }
    });

    /// <summary>asyncio: two tasks take turns through two events (<c>set()</c> wakes the other's <c>wait()</c>).</summary>
    [Benchmark(OperationsPerInvoke = Rounds)]
    public void Event_handoff() => Run(async () =>
    {
        var ping = new AsyncEvent();
        var pong = new AsyncEvent();
        var other = CreateTask(async () =>
        {
            for (var i = 0; i < Rounds / 2; i++)
            {
                await ping.WaitAsync();
                ping.Clear();
                pong.Set();
            }
        });
        for (var i = 0; i < Rounds / 2; i++)
        {
            ping.Set();
            await pong.WaitAsync();
            pong.Clear();
        }

        await other;
    });

    /// <summary>
    /// asyncio: two tasks take turns under one condition, each <c>wait_for()</c>-ing its turn and
    /// <c>notify()</c>-ing the other.
    /// </summary>
    [Benchmark(OperationsPerInvoke = Rounds)]
    public void Condition_handoff() => Run(async () =>
    {
        var cond = new AsyncCondition();
        var turn = 0;
        async Task Player(int me)
        {
            for (var i = 0; i < Rounds / 2; i++)
            {
                await cond.AcquireAsync();
                try
                {
                    await cond.WaitForAsync(() => turn == me);
                    turn = 1 - me;
                    cond.Notify();
                }
                finally
                {
                    cond.Release();
                }
            }
        }

        var other = CreateTask(() => Player(1));
        await Player(0);
        await other;
    });

    /// <summary>asyncio: two tasks meet at a two-party <c>Barrier</c> again and again.</summary>
    [Benchmark(OperationsPerInvoke = Rounds)]
    public void Barrier_two_parties() => Run(async () =>
    {
        var barrier = new AsyncBarrier(2);
        async Task Party()
        {
            for (var i = 0; i < Rounds / 2; i++)
            {
                await barrier.WaitAsync();
            }
        }

        var other = CreateTask(Party);
        await Party();
        await other;
    });
}
