using static Aio.Asyncio;

namespace Aio.Tests.Sync;

public class LockTests
{
    [Fact]
    public void A_free_lock_is_taken_at_once_and_records_its_owner()
    {
        Run(async () =>
        {
            var gate = new AsyncLock();
            await gate.AcquireAsync();
            Assert.True(gate.Locked);
            Assert.Same(CurrentTask(), gate.Statistics().Owner);
            Assert.Contains("locked", gate.ToString());
            gate.Release();
            Assert.False(gate.Locked);
            Assert.Equal(new LockStatistics(false, null, 0, false), gate.Statistics());
        });
    }

    [Fact]
    public void Release_of_an_unlocked_lock_throws_lock_is_not_acquired()
    {
        Run(async () =>
        {
            await Sleep(0);
            var e = Assert.Throws<InvalidOperationException>(() => new AsyncLock().Release());
            Assert.Equal("AsyncLock is not acquired.", e.Message);
        });
    }

    [Fact]
    public void Release_by_a_task_that_does_not_own_the_lock_throws_and_keeps_it_locked()
    {
        Run(async () =>
        {
            var gate = new AsyncLock();
            await gate.AcquireAsync();
            var other = CreateTask(async () =>
            {
                await Sleep(0);
                gate.Release();
            });
            Assert.Equal("InvalidOperationException", await Outcomes.Of(other));
            Assert.True(gate.Locked);
            gate.Release();
        });
    }

    [Fact]
    public void Waiters_get_the_lock_in_FIFO_order()
    {
        var order = new List<int>();
        Run(async () =>
        {
            var gate = new AsyncLock();
            await gate.AcquireAsync();
            var tasks = Enumerable.Range(0, 5).Select(i => CreateTask(async () =>
            {
                using (await gate.AcquireAsync())
                {
                    order.Add(i);
                    await Sleep(0);
                }
            })).ToArray();
            await Sleep(0);
            Assert.Equal(5, gate.Statistics().Waiting);
            gate.Release();
            foreach (var t in tasks)
            {
                await t;
            }
        });
        Assert.Equal([0, 1, 2, 3, 4], order);
    }

    [Fact]
    public void Asyncio_scenario_woken_waiter_cancelled_hands_the_lock_on_and_a_newcomer_cannot_barge()
    {
        var order = new List<string>();
        Run(async () =>
        {
            var gate = new AsyncLock();
            async Task Worker(string name)
            {
                using (await gate.AcquireAsync())
                {
                    order.Add(name);
                    await Sleep(0);
                }
            }

            await gate.AcquireAsync();
            var tb = CreateTask(() => Worker("B"));
            var tc = CreateTask(() => Worker("C"));
            await Sleep(0);
            gate.Release();
            Assert.False(gate.Locked);
            Assert.True(gate.Statistics().HandingOver);
            var td = CreateTask(() => Worker("D"));
            tb.Cancel();
            Assert.Equal("cancelled", await Outcomes.Of(tb));
            await tc;
            await td;
            Assert.Throws<InvalidOperationException>(gate.Release);
        });
        Assert.Equal(["C", "D"], order);
    }

    [Fact]
    public void A_waiter_cancelled_while_queued_leaves_and_the_next_one_gets_the_lock()
    {
        Run(async () =>
        {
            var gate = new AsyncLock();
            await gate.AcquireAsync();
            var a = CreateTask(async () => { await gate.AcquireAsync(); gate.Release(); });
            var b = CreateTask(async () => { await gate.AcquireAsync(); gate.Release(); });
            await Sleep(0);
            a.Cancel();
            await Sleep(0);
            Assert.Equal(1, gate.Statistics().Waiting);
            gate.Release();
            Assert.Equal("cancelled", await Outcomes.Of(a));
            Assert.Equal("ok", await Outcomes.Of(b));
            Assert.False(gate.Locked);
        });
    }

    [Fact]
    public void A_cancellation_token_interrupts_a_waiting_acquire_without_taking_the_lock()
    {
        Run(async () =>
        {
            var gate = new AsyncLock();
            await gate.AcquireAsync();
            using var cts = new CancellationTokenSource();
            var waiting = gate.AcquireAsync(cts.Token);
            cts.Cancel();
            await Assert.ThrowsAsync<CancelledError>(async () => await waiting);
            Assert.Equal(0, gate.Statistics().Waiting);
            gate.Release();
            Assert.True(gate.TryAcquire());
        });
    }

    [Fact]
    public void A_timeout_around_a_waiting_acquire_raises_TimeoutException_and_the_lock_stays_with_its_holder()
    {
        Run(async () =>
        {
            var gate = new AsyncLock();
            await gate.AcquireAsync();
            await Assert.ThrowsAsync<TimeoutException>(() => Timeout(0.01, async () => { await gate.AcquireAsync(); }));
            Assert.Same(CurrentTask(), gate.Statistics().Owner);
            Assert.Equal(0, gate.Statistics().Waiting);
        });
    }

    [Fact]
    public void Using_and_await_using_on_the_releaser_release_the_lock()
    {
        Run(async () =>
        {
            var gate = new AsyncLock();
            using (await gate.AcquireAsync())
            {
                Assert.True(gate.Locked);
            }

            Assert.False(gate.Locked);
            await using (await gate.AcquireAsync())
            {
                Assert.True(gate.Locked);
            }

            Assert.False(gate.Locked);
        });
    }

    [Fact]
    public void TryAcquire_fails_while_held_or_while_others_wait()
    {
        Run(async () =>
        {
            var gate = new AsyncLock();
            Assert.True(gate.TryAcquire());
            Assert.False(gate.TryAcquire());
            var waiter = CreateTask(async () => { await gate.AcquireAsync(); });
            await Sleep(0);
            gate.Release();
            Assert.False(gate.TryAcquire());
            await waiter;
            Assert.True(gate.Locked);
        });
    }

    [Fact]
    public void Use_from_a_foreign_thread_throws_a_clear_error()
    {
        Run(async () =>
        {
            var gate = new AsyncLock();
            var error = await Task.Run(() => Record.Exception(() => gate.TryAcquire()));
            Assert.IsType<InvalidOperationException>(error);
            Assert.Contains("no running event loop", error!.Message);
        });
    }

    [Fact]
    public void A_lock_used_on_a_second_loop_throws_bound_to_a_different_event_loop()
    {
        var gate = new AsyncLock();
        Run(async () =>
        {
            using (await gate.AcquireAsync())
            {
            }
        });
        var e = Assert.Throws<InvalidOperationException>(() => Run(async () => { await gate.AcquireAsync(); }));
        Assert.Contains("different event loop", e.Message);
    }
}
