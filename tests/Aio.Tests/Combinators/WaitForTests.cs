using static Aio.Asyncio;

namespace Aio.Tests.Combinators;

public class WaitForTests
{
    [Fact]
    public void On_timeout_WaitFor_waits_for_the_inner_tasks_cleanup_before_raising()
    {
        var log = new List<string>();
        Run(async () =>
        {
            var inner = CreateTask(async () =>
            {
                try
                {
                    await Sleep(10);
                }
                catch (CancelledError)
                {
                    await Sleep(0.05);
                    log.Add("inner cleanup done");
                    throw;
                }
            });
            await Assert.ThrowsAsync<TimeoutException>(() => WaitFor(inner, 0.01));
            log.Add("timeout raised");
            Assert.True(inner.Cancelled);
        });
        Assert.Equal(["inner cleanup done", "timeout raised"], log);
    }

    [Fact]
    public void An_inner_task_that_returns_despite_the_cancel_wins()
    {
        Assert.Equal(42, Run(async () => await WaitFor(
            CreateTask(async () =>
            {
                try
                {
                    await Sleep(10);
                }
                catch (CancelledError)
                {
                    return 42;
                }

                return 0;
            }),
            0.01)));
    }

    [Fact]
    public void A_zero_timeout_never_starts_a_coroutine()
    {
        var started = false;
        Run(async () =>
        {
            await Assert.ThrowsAsync<TimeoutException>(() => WaitFor(
                () =>
                {
                    started = true;
                    return Task.FromResult(1);
                },
                0));
        });
        Assert.False(started);
    }

    [Fact]
    public void A_zero_timeout_on_a_done_task_returns_its_result()
    {
        Assert.Equal(5, Run(async () =>
        {
            var t = CreateTask(() => Task.FromResult(5));
            await Sleep(0);
            return await WaitFor(t, 0);
        }));
    }

    [Fact]
    public void Cancelling_the_caller_cancels_the_inner_task()
    {
        Run(async () =>
        {
            var inner = CreateTask(() => Sleep(10).AsTask());
            var w = CreateTask(() => WaitFor(inner, 5));
            await Sleep(0);
            w.Cancel();
            await Assert.ThrowsAsync<CancelledError>(async () => await w);
            Assert.True(inner.Cancelled);
        });
    }

    [Fact]
    public void A_coroutine_runs_in_the_callers_task()
    {
        Assert.True(Run(async () =>
        {
            var me = CurrentTask();
            return await WaitFor(
                async () =>
                {
                    await Sleep(0);
                    return ReferenceEquals(CurrentTask(), me);
                },
                1);
        }));
    }

    [Fact]
    public void A_cancelled_waiter_does_not_run_past_WaitFor_on_a_done_inner()
    {
        var reached = false;
        Run(async () =>
        {
            var doneInner = CreateTask(() => Sleep(0, "done").AsTask());
            var t = CreateTask(async () =>
            {
                await WaitFor(doneInner, 100);
                await Sleep(1);
                reached = true;
            });
            await Sleep(0);
            t.Cancel();
            await Assert.ThrowsAsync<CancelledError>(async () => await t);
        });
        Assert.False(reached);
    }

    [Fact]
    public void WaitFor_a_shielded_task_times_out_without_touching_it()
    {
        Run(async () =>
        {
            var t = CreateTask(() => Sleep(0.05, "done").AsTask());
            await Assert.ThrowsAsync<TimeoutException>(() => WaitFor(Shield(t), 0.01));
            Assert.False(t.Done);
            Assert.Equal("done", await t);
        });
    }
}
