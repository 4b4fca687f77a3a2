using BenchmarkDotNet.Attributes;
using static Aio.Asyncio;

namespace Aio.Benchmarks;

/// <summary>
/// AsyncLock and semaphore hand-off on the loop: two tasks take turns, so every release hands the lock (or the only
/// permit) to the other, waiting task. Aio's AsyncLock and AsyncSemaphore beside SemaphoreSlim doing the same on the loop.
/// </summary>
[MemoryDiagnoser]
public class LockBenchmarks
{
    private const int Rounds = 1_000_000;

    [Benchmark(OperationsPerInvoke = Rounds)]
    public void AioLock_handoff() => Run(() =>
    {
        var gate = new AsyncLock();
        return Pair(async () =>
        {
            await gate.AcquireAsync();
            gate.Release();
        });
    });

    [Benchmark(OperationsPerInvoke = Rounds)]
    public void AioSemaphore_handoff() => Run(() =>
    {
        var sem = new AsyncSemaphore(1);
        return Pair(async () =>
        {
            await sem.AcquireAsync();
            sem.Release();
        });
    });

    [Benchmark(OperationsPerInvoke = Rounds)]
    public void SemaphoreSlim_handoff_on_the_loop() => Run(() =>
    {
        var sem = new SemaphoreSlim(1, 1);
        return Pair(async () =>
        {
            await sem.WaitAsync();
            sem.Release();
        });
    });

    private static async Task Pair(Func<Task> round)
    {
        async Task Loop()
        {
            for (var i = 0; i < Rounds / 2; i++)
            {
                await round();
            }
        }

        var other = CreateTask(Loop);
        await Loop();
        await other;
    }
}
