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
    public void Async_enumeration_that_waits_for_each_item_allocates_no_more_than_one_that_finds_them_queued()
    {
        var (perQueuedItem, perAwaitedItem) = Run(async () =>
        {
            const int Queued = 2000, Awaited = 3000;
            var q = new AsyncQueue<int>();
            var taken = 0;
            var marks = new long[4];
            var consumer = CreateTask(async () =>
            {
                await foreach (var item in q)
                {
                    taken++;
                    var mark = taken switch
                    {
                        Queued / 2 => 0,
                        Queued => 1,
                        Queued + (Awaited / 3) => 2,
                        Queued + Awaited => 3,
                        _ => -1,
                    };
                    if (mark >= 0)
                    {
                        marks[mark] = GC.GetAllocatedBytesForCurrentThread();
                    }
                }
            });

            // First every item is already queued when the enumerator asks; then each is put after it waits.
            for (var i = 0; i < Queued; i++)
            {
                q.PutNowait(i);
            }

            await Sleep(0);
            for (var i = 0; i < Awaited; i++)
            {
                q.PutNowait(i);
                await Sleep(0);
            }

            q.Shutdown();
            await consumer;
            Assert.Equal(Queued + Awaited, taken);
            return ((marks[1] - marks[0]) / (Queued / 2.0), (marks[3] - marks[2]) / (Awaited - (Awaited / 3.0)));
        });

        // Whatever a step costs by itself (in an unoptimized build, the enumerator's state machine) is the same either
        // way: the wait and both resumptions allocate nothing.
        Assert.True(
            perAwaitedItem < perQueuedItem + 1,
            $"{perAwaitedItem} bytes per item that was waited for, {perQueuedItem} per item found queued");
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
