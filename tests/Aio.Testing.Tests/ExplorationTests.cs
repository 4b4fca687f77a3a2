using static Aio.Asyncio;

namespace Aio.Testing.Tests;

public class ExplorationTests
{
    private static async Task<string> RaceOfEqualTimers()
    {
        var order = new List<string>();
        await Gather(
            CreateTask(async () =>
            {
                await Sleep(1);
                order.Add("a");
            }),
            CreateTask(async () =>
            {
                await Sleep(1);
                order.Add("b");
            }));
        return string.Join(string.Empty, order);
    }

    [Fact]
    public void Exploration_finds_a_schedule_where_equal_timers_fire_the_other_way_and_names_its_seed()
    {
        var e = Assert.Throws<AioTestException>(() => AioTest.Explore(async () => Assert.Equal("ab", await RaceOfEqualTimers())));
        var seed = int.Parse(System.Text.RegularExpressions.Regex.Match(e.Message, @"seed (\d+)").Groups[1].Value);
        Assert.Throws<Xunit.Sdk.EqualException>(() => AioTest.Replay(seed, async () => Assert.Equal("ab", await RaceOfEqualTimers())));
    }

    [Fact]
    public void Without_exploration_equal_timers_fire_in_scheduling_order()
    {
        Assert.Equal("ab", AioTest.Run(RaceOfEqualTimers));
    }

    [Fact]
    public void Queue_and_lock_keep_their_guarantees_under_every_explored_schedule()
    {
        AioTest.Explore(
            async () =>
            {
                var q = new AsyncQueue<int>(2);
                var gate = new AsyncLock();
                var inside = 0;
                var received = new List<int>();
                async Task Producer(int offset)
                {
                    for (var i = 0; i < 20; i++)
                    {
                        await Sleep(0.5);
                        await q.PutAsync(offset + i);
                    }
                }

                async Task Consumer()
                {
                    while (true)
                    {
                        var item = await q.GetAsync();
                        using (await gate.AcquireAsync())
                        {
                            inside++;
                            Assert.Equal(1, inside);
                            await Sleep(0.5);
                            received.Add(item);
                            inside--;
                        }

                        q.TaskDone();
                    }
                }

                var consumers = Enumerable.Range(0, 3).Select(_ => CreateTask(Consumer)).ToList();
                await Gather(CreateTask(() => Producer(0)), CreateTask(() => Producer(100)));
                await q.JoinAsync();
                foreach (var c in consumers)
                {
                    c.Cancel();
                }

                await Wait(consumers);
                Assert.Equal(Enumerable.Range(0, 20).Concat(Enumerable.Range(100, 20)), received.Order());
            },
            runs: 30);
    }
}
