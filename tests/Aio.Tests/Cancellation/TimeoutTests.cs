using static Aio.Asyncio;

namespace Aio.Tests.Cancellation;

public class TimeoutTests
{
    [Fact]
    public void A_timeout_turns_its_own_expiry_into_TimeoutException_and_leaves_cancelling_at_zero()
    {
        Run(async () =>
        {
            var inside = false;
            var e = await Assert.ThrowsAsync<TimeoutException>(() => Timeout(0.01, async () =>
            {
                try
                {
                    await Sleep(10);
                }
                catch (CancelledError)
                {
                    inside = true;
                    throw;
                }
            }));
            Assert.True(inside);
            Assert.IsType<CancelledError>(e.InnerException);
            Assert.Equal(0, CurrentTask()!.Cancelling());
        });
    }

    [Fact]
    public void A_foreign_cancel_inside_an_unexpired_timeout_propagates_as_cancellation()
    {
        Run(async () =>
        {
            var t = CreateTask(() => Timeout(10, () => Sleep(10).AsTask()));
            await Sleep(0);
            t.Cancel();
            await Assert.ThrowsAsync<CancelledError>(async () => await t);
            Assert.True(t.Cancelled);
        });
    }

    [Fact]
    public void A_timeout_scope_inside_a_cancelled_task_reports_cancellation_not_timeout()
    {
        Run(async () =>
        {
            var t = CreateTask(() => Timeout(0.05, () => Sleep(10).AsTask()));
            await Sleep(0);
            t.Cancel();
            await Sleep(0.1);
            Assert.True(t.Cancelled);
        });
    }

    [Fact]
    public void In_nested_timeouts_the_one_that_expired_raises()
    {
        Run(async () =>
        {
            var innerSaw = false;
            await Assert.ThrowsAsync<TimeoutException>(() => Timeout(0.01, () => Timeout(10, async () =>
            {
                try
                {
                    await Sleep(10);
                }
                catch (CancelledError)
                {
                    innerSaw = true;
                    throw;
                }
            })));
            Assert.True(innerSaw);
        });
    }

    [Fact]
    public void An_inner_timeout_that_expires_is_caught_by_the_body_around_it()
    {
        Run(async () =>
        {
            var r = await Timeout(10, async () =>
            {
                try
                {
                    await Timeout(0.01, () => Sleep(10).AsTask());
                    return "no";
                }
                catch (TimeoutException)
                {
                    await Sleep(0);
                    return "inner timed out, outer still running";
                }
            });
            Assert.Equal("inner timed out, outer still running", r);
        });
    }

    [Fact]
    public void When_reports_the_deadline_and_Reschedule_moves_it()
    {
        Run(async () =>
        {
            var loop = GetRunningLoop();
            double? when = 1;
            await Assert.ThrowsAsync<TimeoutException>(() => Timeout(null, async (TimeoutScope cm) =>
            {
                when = cm.When();
                cm.Reschedule(loop.Time() + 0.01);
                await Sleep(10);
            }));
            Assert.Null(when);
        });
    }

    [Fact]
    public void A_body_that_swallows_the_expiry_exits_normally_with_expired_true()
    {
        Run(async () =>
        {
            TimeoutScope? handle = null;
            await Timeout(0.01, async (TimeoutScope cm) =>
            {
                handle = cm;
                try
                {
                    await Sleep(1);
                }
                catch (CancelledError)
                {
                }
            });
            Assert.True(handle!.Expired());
            Assert.Equal(0, CurrentTask()!.Cancelling());
            Assert.Throws<InvalidOperationException>(() => handle.Reschedule(null));
        });
    }

    [Fact]
    public void After_expiry_every_further_wait_in_the_body_fails_too()
    {
        Run(async () =>
        {
            var second = false;
            await Assert.ThrowsAsync<TimeoutException>(() => Timeout(0.01, async () =>
            {
                try
                {
                    await Sleep(1);
                }
                catch (CancelledError)
                {
                }

                try
                {
                    await Sleep(0);
                }
                catch (CancelledError)
                {
                    second = true;
                    throw;
                }
            }));
            Assert.True(second);
        });
    }

    [Fact]
    public void A_TaskGroup_inside_a_timeout_times_out()
    {
        Run(async () =>
        {
            await Assert.ThrowsAsync<TimeoutException>(() => Timeout(0.01, () => TaskGroup.RunAsync(tg =>
            {
                tg.StartSoon(() => Sleep(10).AsTask());
                return Task.CompletedTask;
            })));
        });
    }

    [Fact]
    public void A_zero_timeout_does_not_swallow_an_earlier_unrelated_cancel()
    {
        Run(async () =>
        {
            var t = CreateTask(async () =>
            {
                CurrentTask()!.Cancel();
                await Timeout(0, () => Sleep(1).AsTask());
            });
            await Assert.ThrowsAsync<CancelledError>(async () => await t);
            Assert.True(t.Cancelled);
        });
    }

    [Fact]
    public void A_timeout_outside_a_task_is_an_error()
    {
        using var loop = new EventLoop();
        Exception? error = null;
        loop.CallSoon(() =>
        {
            error = Record.Exception(() => { _ = Timeout(1, () => Task.CompletedTask); });
            loop.Stop();
        });
        loop.RunForever();
        Assert.Contains("inside a task", Assert.IsType<InvalidOperationException>(error).Message);
    }
}
