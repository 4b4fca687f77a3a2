using static Aio.Asyncio;

namespace Aio.Tests.Sync;

public class SyncStressTests
{
    private const int Acquirers = 10_000;

    [Fact]
    public void Ten_thousand_acquirers_on_a_lock_with_random_cancellations_never_break_mutual_exclusion_and_all_finish()
    {
        Run(async () =>
        {
            var gate = new AsyncLock();
            var result = await Hammer(() => gate.AcquireAsync(), limit: 1, seed: 1);
            Assert.Equal(0, result.Violations);
            Assert.Equal(1, result.MostInside);
            Assert.Equal(new LockStatistics(false, null, 0, false), gate.Statistics());
        });
    }

    [Fact]
    public void Ten_thousand_acquirers_on_a_semaphore_of_three_with_random_cancellations_never_exceed_three_and_all_finish()
    {
        Run(async () =>
        {
            var sem = new AsyncSemaphore(3);
            var result = await Hammer(() => sem.AcquireAsync(), limit: 3, seed: 3);
            Assert.Equal(0, result.Violations);
            Assert.Equal(3, result.MostInside);
            Assert.Equal(new SemaphoreStatistics(3, 3, 0), sem.Statistics());
        });
    }

    private static async Task<(int Violations, int MostInside)> Hammer(Func<ValueTask<Releaser>> acquire, int limit, int seed)
    {
        var rng = new Random(seed);
        int inside = 0, most = 0, violations = 0, finished = 0, acquired = 0, cancelled = 0;
        var tasks = new AioTask[Acquirers];
        for (var i = 0; i < Acquirers; i++)
        {
            tasks[i] = CreateTask(async () =>
            {
                try
                {
                    using (await acquire())
                    {
                        acquired++;
                        if (++inside > limit)
                        {
                            violations++;
                        }

                        most = Math.Max(most, inside);
                        try
                        {
                            await Sleep(0);
                        }
                        finally
                        {
                            inside--;
                        }
                    }
                }
                catch (CancelledError)
                {
                    cancelled++;
                    throw;
                }
                finally
                {
                    finished++;
                }
            });
        }

        var chaos = CreateTask(async () =>
        {
            while (finished < Acquirers)
            {
                await Sleep(0);
                tasks[rng.Next(Acquirers)].Cancel();
            }
        });

        await Timeout(120, async () =>
        {
            foreach (var t in tasks)
            {
                try
                {
                    await t;
                }
                catch (CancelledError)
                {
                }
            }

            await chaos;
        });

        Assert.Equal(Acquirers, finished);
        Assert.True(acquired > 0 && cancelled > 0, $"acquired {acquired}, cancelled {cancelled}: the run exercised only one path");
        Assert.All(tasks, t => Assert.True(t.Done));
        return (violations, most);
    }
}
