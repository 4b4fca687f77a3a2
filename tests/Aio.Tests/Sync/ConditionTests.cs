using static Aio.Asyncio;

namespace Aio.Tests.Sync;

public class ConditionTests
{
    [Fact]
    public void Wait_and_notify_without_the_lock_throw_asyncio_errors()
    {
        Run(async () =>
        {
            var cond = new AsyncCondition();
            var e1 = await Assert.ThrowsAsync<InvalidOperationException>(async () => await cond.WaitAsync());
            Assert.Equal("cannot wait on un-acquired lock", e1.Message);
            var e2 = Assert.Throws<InvalidOperationException>(() => cond.Notify());
            Assert.Equal("cannot notify on un-acquired lock", e2.Message);
            Assert.Throws<InvalidOperationException>(cond.NotifyAll);
        });
    }

    [Fact]
    public void Asyncio_scenario_wait_for_with_notify_one_then_notify_all()
    {
        var log = new List<string>();
        Run(async () =>
        {
            var cond = new AsyncCondition();
            var items = new List<string>();
            async Task Consumer(string name)
            {
                using (await cond.AcquireAsync())
                {
                    await cond.WaitForAsync(() => items.Count > 0);
                    log.Add($"{name} took {items[0]}");
                    items.RemoveAt(0);
                }
            }

            var cs = new[] { CreateTask(() => Consumer("c0")), CreateTask(() => Consumer("c1")) };
            await Sleep(0);
            using (await cond.AcquireAsync())
            {
                items.Add("x");
                cond.Notify(1);
            }

            await Sleep(0);
            await Sleep(0);
            Assert.Equal(["c0 took x"], log);
            using (await cond.AcquireAsync())
            {
                items.Add("y");
                cond.NotifyAll();
            }

            await cs[0];
            await cs[1];
        });
        Assert.Equal(["c0 took x", "c1 took y"], log);
    }

    [Fact]
    public void Notify_n_wakes_n_waiters_in_FIFO_order_each_holding_the_lock()
    {
        var order = new List<int>();
        Run(async () =>
        {
            var cond = new AsyncCondition();
            var ts = Enumerable.Range(0, 4).Select(i => CreateTask(async () =>
            {
                using (await cond.AcquireAsync())
                {
                    await cond.WaitAsync();
                    Assert.True(cond.Locked);
                    order.Add(i);
                }
            })).ToArray();
            await Sleep(0);
            Assert.Equal(4, cond.Statistics().Waiting);
            using (await cond.AcquireAsync())
            {
                cond.Notify(2);
            }

            await ts[0];
            await ts[1];
            Assert.Equal(2, cond.Statistics().Waiting);
            using (await cond.AcquireAsync())
            {
                cond.NotifyAll();
            }

            await ts[2];
            await ts[3];
        });
        Assert.Equal([0, 1, 2, 3], order);
    }

    [Fact]
    public void A_cancelled_wait_reacquires_the_lock_before_the_cancellation_surfaces()
    {
        var log = new List<string>();
        Run(async () =>
        {
            var cond = new AsyncCondition();
            var waiter = CreateTask(async () =>
            {
                await cond.AcquireAsync();
                try
                {
                    await cond.WaitAsync();
                }
                catch (CancelledError)
                {
                    log.Add($"cancelled holding={cond.Statistics().Lock.Owner == CurrentTask()}");
                    cond.Release();
                    throw;
                }
            });
            await Sleep(0);
            await cond.AcquireAsync();
            waiter.Cancel();
            await Sleep(0);
            await Sleep(0);
            log.Add("main releases");
            cond.Release();
            Assert.Equal("cancelled", await Outcomes.Of(waiter));
        });
        Assert.Equal(["main releases", "cancelled holding=True"], log);
    }

    [Fact]
    public void A_token_cancelled_wait_also_reacquires_the_lock()
    {
        Run(async () =>
        {
            var cond = new AsyncCondition();
            using var cts = new CancellationTokenSource();
            var waiter = CreateTask(async () =>
            {
                using (await cond.AcquireAsync())
                {
                    await Assert.ThrowsAsync<CancelledError>(async () => await cond.WaitAsync(cts.Token));
                    Assert.Same(CurrentTask(), cond.Statistics().Lock.Owner);
                }
            });
            await Sleep(0);
            cts.Cancel();
            await waiter;
            Assert.False(cond.Locked);
        });
    }

    [Fact]
    public void A_waiter_notified_then_cancelled_passes_the_notification_to_another_waiter()
    {
        Run(async () =>
        {
            var cond = new AsyncCondition();
            var a = CreateTask(async () => { using (await cond.AcquireAsync()) { await cond.WaitAsync(); } });
            var b = CreateTask(async () => { using (await cond.AcquireAsync()) { await cond.WaitAsync(); } });
            await Sleep(0);
            using (await cond.AcquireAsync())
            {
                cond.Notify(1);
                a.Cancel();
            }

            Assert.Equal("cancelled", await Outcomes.Of(a));
            Assert.Equal("ok", await WaitFor(() => Outcomes.Of(b), 30));
        });
    }

    [Fact]
    public void A_timeout_around_wait_raises_TimeoutException_with_the_lock_held_again()
    {
        Run(async () =>
        {
            var cond = new AsyncCondition();
            using (await cond.AcquireAsync())
            {
                await Assert.ThrowsAsync<TimeoutException>(() => Timeout(0.01, async () => { await cond.WaitAsync(); }));
                Assert.Same(CurrentTask(), cond.Statistics().Lock.Owner);
            }

            Assert.False(cond.Locked);
        });
    }

    [Fact]
    public void A_waiter_handed_the_lock_and_cancelled_before_it_runs_still_holds_the_lock_when_it_raises()
    {
        var log = new List<string>();
        Run(async () =>
        {
            var cond = new AsyncCondition();
            var a = CreateTask(async () =>
            {
                await cond.AcquireAsync();
                try
                {
                    await cond.WaitAsync();
                }
                catch (CancelledError)
                {
                    log.Add($"a cancelled holding={cond.Statistics().Lock.Owner == CurrentTask()}");
                    cond.Release();
                    throw;
                }
            });
            var b = CreateTask(async () =>
            {
                await Sleep(0);
                using (await cond.AcquireAsync())
                {
                    log.Add("b holds the lock");
                }
            });
            await Sleep(0);
            using (await cond.AcquireAsync())
            {
                cond.Notify();
            }

            Assert.True(cond.Statistics().Lock.HandingOver);
            a.Cancel();
            Assert.Equal("cancelled", await Outcomes.Of(a));
            await b;
        });
        Assert.Equal(["a cancelled holding=True", "b holds the lock"], log);
    }

    [Fact]
    public void Two_conditions_can_share_one_lock()
    {
        Run(async () =>
        {
            var gate = new AsyncLock();
            var notEmpty = new AsyncCondition(gate);
            var notFull = new AsyncCondition(gate);
            var woke = CreateTask(async () => { using (await gate.AcquireAsync()) { await notEmpty.WaitAsync(); } });
            await Sleep(0);
            using (await gate.AcquireAsync())
            {
                notFull.NotifyAll();
                Assert.Equal(1, notEmpty.Statistics().Waiting);
                notEmpty.Notify();
            }

            await woke;
            Assert.Contains("unlocked", notEmpty.ToString());
        });
    }
}
