using BenchmarkDotNet.Attributes;
using static Aio.Asyncio;

namespace Aio.Benchmarks;

/// <summary>
/// AsyncLock and semaphore hand-off on the loop: two tasks take turns, each holding the lock (or the only permit)
/// across a <c>Sleep(0)</c>, so that the other is queued on it by the time it is released and every release hands
/// it over. A round is therefore two task switches: the yield and the hand-off. Aio's AsyncLock and AsyncSemaphore
/// beside SemaphoreSlim doing the same on the loop.
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
            for (var i = 0; i < Rounds / 2; i++)
            {
                await gate.AcquireAsync();
                await Sleep(0);
                gate.Release();
            }
        });
    });

    [Benchmark(OperationsPerInvoke = Rounds)]
    public void AioSemaphore_handoff() => Run(() =>
    {
        var sem = new AsyncSemaphore(1);
        return Pair(async () =>
        {
            for (var i = 0; i < Rounds / 2; i++)
            {
                await sem.AcquireAsync();
                await Sleep(0);
                sem.Release();
            }
        });
    });

    [Benchmark(OperationsPerInvoke = Rounds)]
    public void SemaphoreSlim_handoff_on_the_loop() => Run(() =>
    {
        var sem = new SemaphoreSlim(1, 1);
        return Pair(async () =>
        {
            for (var i = 0; i < Rounds / 2; i++)
            {
                await sem.WaitAsync();
                await Sleep(0);
                sem.Release();
            }
        });
    });

    private static async Task Pair(Func<Task> player)
    {
        var other = CreateTask(player);
        await player();
        await other;
    }
}
