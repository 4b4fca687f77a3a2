using Aio.BenchSupport;
using BenchmarkDotNet.Attributes;
using static Aio.Asyncio;

namespace Aio.Benchmarks;

/// <summary>
/// What a task switch costs in Aio beside what .NET's async machinery alone costs for the same shape of work: 1,000
/// coroutines that each yield 1,000 times. The floor is <see cref="BareLoop"/> (no tasks, contexts, cancellation or
/// thread checks), so the difference is what Aio's semantics cost per <c>Sleep(0)</c>.
/// </summary>
[MemoryDiagnoser]
public class SwitchFloorBenchmarks
{
    private const int Coroutines = 1_000;
    private const int Yields = 1_000;

    /// <summary>asyncio: 1,000 tasks that each <c>await asyncio.sleep(0)</c> 1,000 times.</summary>
    [Benchmark(OperationsPerInvoke = Coroutines * Yields)]
    public void Aio_Sleep0() => Run(async () =>
    {
        var tasks = new Future[Coroutines];
        for (var i = 0; i < Coroutines; i++)
        {
            tasks[i] = CreateTask(AioWorker);
        }

        await Gather(tasks);
    });

    /// <summary>The same coroutines on <see cref="BareLoop"/>.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Coroutines * Yields)]
    public void Bare_loop_yield()
    {
        var tasks = new Task[Coroutines];
        for (var i = 0; i < Coroutines; i++)
        {
            tasks[i] = BareLoop.Worker(Yields);
        }

        BareLoop.RunAll();
        if (!tasks.All(t => t.IsCompletedSuccessfully))
        {
            throw new InvalidOperationException("the bare loop stopped before its coroutines ended");
        }
    }

    private static async Task AioWorker()
    {
        for (var i = 0; i < Yields; i++)
        {
            await Sleep(0);
        }
    }
}
