using static Aio.Asyncio;

namespace Aio.Tests.Queues;

public class QueueStressTests
{
    [Fact]
    public void Hundred_thousand_items_through_a_bounded_queue_under_chaos_cancellation_arrive_exactly_once_and_join_returns()
    {
        const int Items = 100_000;
        const int Producers = 8;
        const int Consumers = 8;
        var seen = new int[Items];
        var cancelledPuts = 0;
        var cancelledGets = 0;
        var producersDone = 0;
        var stop = false;
        Run(async () =>
        {
            var rng = new Random(20261122);
            var q = new AsyncQueue<int>(16);
            var producers = Enumerable.Range(0, Producers).Select(p => CreateTask(async () =>
            {
                for (var item = p; item < Items; item += Producers)
                {
                    while (true)
                    {
                        try
                        {
                            await q.PutAsync(item);
                            break;
                        }
                        catch (CancelledError) when (!stop)
                        {
                            ForgetCancellation();
                            cancelledPuts++;
                        }
                    }
                }

                producersDone++;
            }, $"producer-{p}")).ToArray();
            var consumers = Enumerable.Range(0, Consumers).Select(c => CreateTask(async () =>
            {
                while (true)
                {
                    int item;
                    try
                    {
                        item = await q.GetAsync();
                    }
                    catch (CancelledError) when (!stop)
                    {
                        ForgetCancellation();
                        cancelledGets++;
                        continue;
                    }
                    catch (QueueShutDown)
                    {
                        return;
                    }

                    seen[item]++;
                    q.TaskDone();
                }
            }, $"consumer-{c}")).ToArray();
            var everyone = producers.Concat(consumers).ToArray();
            var chaos = CreateTask(async () =>
            {
                while (!stop)
                {
                    await Sleep(0);
                    everyone[rng.Next(everyone.Length)].Cancel();
                }
            }, "chaos");

            try
            {
                await Timeout(120, async () =>
                {
                    // A producer cancelled after its last put ends cancelled (asyncio's rule), so only its count matters.
                    foreach (var p in producers)
                    {
                        await Outcome(p);
                    }

                    Assert.Equal(Producers, producersDone);
                    await q.JoinAsync();
                });
            }
            finally
            {
                stop = true;
                q.Shutdown();
            }

            foreach (var task in consumers.Append(chaos))
            {
                await Outcome(task);
            }

            Assert.Equal(new QueueStatistics(0, 16, 0, 0, 0, true), q.Statistics());
        });

        Assert.Equal(Items, seen.Count(n => n == 1));
        Assert.True(cancelledPuts > 0, "the chaos task never interrupted a put");
        Assert.True(cancelledGets > 0, "the chaos task never interrupted a get");
    }

    private static async Task Outcome(AioTask task)
    {
        try
        {
            await task;
        }
        catch (CancelledError)
        {
        }
    }

    /// <summary>The task chose to go on after a cancellation: clear its cancel count, as asyncio's uncancel() does.</summary>
    private static void ForgetCancellation()
    {
        while (CurrentTask()!.Uncancel() > 0)
        {
        }
    }
}
