using static Aio.Asyncio;

namespace Aio.Tests.Loop;

public class AllocationTests
{
    [Fact]
    public void Resuming_a_task_after_a_yield_allocates_nothing_on_the_steady_path()
    {
        var perResume = Run(async () =>
        {
            for (var i = 0; i < 2000; i++)
            {
                await Sleep(0);
            }

            const int n = 20_000;
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < n; i++)
            {
                await Sleep(0);
            }

            return (GC.GetAllocatedBytesForCurrentThread() - before) / (double)n;
        });
        Assert.True(perResume < 1, $"{perResume} bytes allocated per Sleep(0) resume");
    }

    [Fact]
    public void Waiting_on_a_timer_allocates_nothing_on_the_steady_path()
    {
        var perSleep = Run(async () =>
        {
            for (var i = 0; i < 200; i++)
            {
                await Sleep(0.000001);
            }

            const int n = 2000;
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < n; i++)
            {
                await Sleep(0.000001);
            }

            return (GC.GetAllocatedBytesForCurrentThread() - before) / (double)n;
        });
        Assert.True(perSleep < 1, $"{perSleep} bytes allocated per timed Sleep");
    }
}
