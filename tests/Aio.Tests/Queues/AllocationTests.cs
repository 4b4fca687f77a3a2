using static Aio.Asyncio;

namespace Aio.Tests.Queues;

public class AllocationTests
{
    [Fact]
    public void Queue_ping_pong_through_a_one_slot_queue_allocates_nothing_on_the_steady_path()
    {
        var perItem = Run(async () =>
        {
            var q = new AsyncQueue<int>(1);
            const int Warmup = 2000;
            const int N = 20_000;
            var before = 0L;
            var consumer = CreateTask(async () =>
            {
                for (var i = 0; i < Warmup + N; i++)
                {
                    await q.GetAsync();
                }
            });
            for (var i = 0; i < Warmup + N; i++)
            {
                if (i == Warmup)
                {
                    before = GC.GetAllocatedBytesForCurrentThread();
                }

                await q.PutAsync(i);
            }

            // The consumer's last get runs after this point; its task completion is not part of the measure.
            var perItem = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)N;
            await consumer;
            return perItem;
        });
        Assert.True(perItem < 1, $"{perItem} bytes allocated per item");
    }

    [Fact]
    public void Lock_hand_off_between_two_tasks_allocates_nothing_on_the_steady_path()
    {
        var perRound = Run(async () =>
        {
            var gate = new AsyncLock();
            const int Warmup = 2000;
            const int N = 20_000;
            var before = 0L;
            var other = CreateTask(async () =>
            {
                for (var i = 0; i < Warmup + N; i++)
                {
                    await gate.AcquireAsync();
                    gate.Release();
                }
            });
            for (var i = 0; i < Warmup + N; i++)
            {
                if (i == Warmup)
                {
                    before = GC.GetAllocatedBytesForCurrentThread();
                }

                await gate.AcquireAsync();
                gate.Release();
            }

            var perRound = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)N;
            await other;
            return perRound;
        });
        Assert.True(perRound < 1, $"{perRound} bytes allocated per hand-off");
    }
}
