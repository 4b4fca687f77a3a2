using static Aio.Asyncio;

namespace Aio.Tests.Sync;

public class SemaphoreTests
{
    [Fact]
    public void A_negative_initial_value_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new AsyncSemaphore(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AsyncBoundedSemaphore(-1));
    }

    [Fact]
    public void Asyncio_scenario_re_acquirers_queue_behind_earlier_waiters()
    {
        var result = new List<string>();
        Run(async () =>
        {
            var sem = new AsyncSemaphore(1);
            async Task Coro(string tag)
            {
                for (var i = 1; i <= 2; i++)
                {
                    using (await sem.AcquireAsync())
                    {
                        result.Add($"{tag}_{i}");
                        await Sleep(0);
                    }
                }
            }

            await Gather(() => Coro("c1"), () => Coro("c2"), () => Coro("c3"));
        });
        Assert.Equal(["c1_1", "c2_1", "c3_1", "c1_2", "c2_2", "c3_2"], result);
    }

    [Fact]
    public void Asyncio_scenario_a_cancelled_waiter_does_not_swallow_the_permit()
    {
        Run(async () =>
        {
            var s0 = new AsyncSemaphore(0);
            var acquired = new bool[3];
            var ts = Enumerable.Range(0, 3).Select(i => CreateTask(async () =>
            {
                await s0.AcquireAsync();
                acquired[i] = true;
            })).ToArray();
            await Sleep(0);
            ts[0].Cancel();
            s0.Release();
            await Sleep(0);
            await Sleep(0);
            Assert.Equal([false, true, false], acquired);
            Assert.True(s0.Locked);
            Assert.Equal(1, s0.Statistics().Waiting);
            ts[2].Cancel();
            Assert.Equal(["cancelled", "ok", "cancelled"], [await Outcomes.Of(ts[0]), await Outcomes.Of(ts[1]), await Outcomes.Of(ts[2])]);
        });
    }

    [Fact]
    public void A_woken_waiter_cancelled_before_it_runs_hands_its_permit_to_the_next_waiter()
    {
        Run(async () =>
        {
            var sem = new AsyncSemaphore(0);
            var a = CreateTask(async () => { await sem.AcquireAsync(); });
            var b = CreateTask(async () => { await sem.AcquireAsync(); });
            await Sleep(0);
            sem.Release();
            a.Cancel();
            Assert.Equal("cancelled", await Outcomes.Of(a));
            Assert.Equal("ok", await Outcomes.Of(b));
            Assert.Equal(new SemaphoreStatistics(0, 0, 0), sem.Statistics());
        });
    }

    [Fact]
    public void A_task_that_releases_and_reacquires_in_the_same_turn_queues_behind_the_waiter()
    {
        var order = new List<string>();
        Run(async () =>
        {
            var sem = new AsyncSemaphore(1);
            await sem.AcquireAsync();
            var waiter = CreateTask(async () =>
            {
                using (await sem.AcquireAsync())
                {
                    order.Add("waiter");
                }
            });
            await Sleep(0);
            sem.Release();
            Assert.False(sem.TryAcquire());
            using (await sem.AcquireAsync())
            {
                order.Add("releaser");
            }

            await waiter;
        });
        Assert.Equal(["waiter", "releaser"], order);
    }

    [Fact]
    public void Permits_limit_concurrency_and_the_releaser_gives_them_back()
    {
        Run(async () =>
        {
            var sem = new AsyncSemaphore(2);
            var inside = 0;
            var most = 0;
            var tasks = Enumerable.Range(0, 6).Select(_ => CreateTask(async () =>
            {
                await using (await sem.AcquireAsync())
                {
                    most = Math.Max(most, ++inside);
                    await Sleep(0);
                    inside--;
                }
            })).ToArray();
            foreach (var t in tasks)
            {
                await t;
            }

            Assert.Equal(2, most);
            Assert.Equal(2, sem.Value);
            Assert.False(sem.Locked);
        });
    }

    [Fact]
    public void BoundedSemaphore_released_above_its_initial_value_throws()
    {
        Run(async () =>
        {
            var sem = new AsyncBoundedSemaphore(1);
            await sem.AcquireAsync();
            sem.Release();
            var e = Assert.Throws<SemaphoreFullException>(sem.Release);
            Assert.Equal("AsyncBoundedSemaphore released too many times", e.Message);
            Assert.Equal(1, sem.Value);
        });
    }

    [Fact]
    public void A_plain_semaphore_may_be_released_above_its_initial_value()
    {
        Run(async () =>
        {
            await Sleep(0);
            var sem = new AsyncSemaphore(1);
            sem.Release();
            Assert.Equal(2, sem.Value);
            Assert.Contains("value=2", sem.ToString());
        });
    }

    [Fact]
    public void A_token_or_a_task_cancel_interrupts_a_waiting_acquire_and_no_permit_is_held()
    {
        Run(async () =>
        {
            var sem = new AsyncSemaphore(0);
            using var cts = new CancellationTokenSource();
            var viaToken = CreateTask(async () => { await sem.AcquireAsync(cts.Token); });
            var viaCancel = CreateTask(async () => { await sem.AcquireAsync(); });
            await Sleep(0);
            cts.Cancel();
            viaCancel.Cancel();
            Assert.Equal("cancelled", await Outcomes.Of(viaToken));
            Assert.Equal("cancelled", await Outcomes.Of(viaCancel));
            sem.Release();
            Assert.Equal(new SemaphoreStatistics(1, 0, 0), sem.Statistics());
        });
    }
}
