using Aio.Testing;
using static Aio.Asyncio;

namespace Aio.Tests.Tasks;

public class TaskTests
{
    [Fact]
    public void Tasks_get_default_names_and_can_be_renamed()
    {
        AioTest.Run(async () =>
        {
            var t = CreateTask(() => Task.CompletedTask);
            Assert.Matches("^Task-[0-9]+$", t.Name);
            t.Name = "worker";
            Assert.Equal("worker", t.Name);
            Assert.Equal("named", CreateTask(() => Task.CompletedTask, "named").Name);
            await t;
        });
    }

    [Fact]
    public void Task_numbers_past_32_bits_still_name_tasks_uniquely()
    {
        AioTest.Run(async () =>
        {
            // Tests running beside this one may take numbers meanwhile; afterwards numbering resumes below 2^32.
            var resume = AioTask.RenumberFrom(uint.MaxValue);
            AioTask first, second;
            try
            {
                first = CreateTask(() => Task.CompletedTask);
                second = CreateTask(() => Task.CompletedTask);
            }
            finally
            {
                AioTask.RenumberFrom(resume);
            }

            var a = long.Parse(first.Name["Task-".Length..]);
            var b = long.Parse(second.Name["Task-".Length..]);
            Assert.True(a >= uint.MaxValue, first.Name);
            Assert.True(b > a, $"{first.Name} then {second.Name}");
            await Gather(first, second);
        });
    }

    [Fact]
    public void A_task_cancelled_before_its_first_step_never_runs_and_cancel_on_a_done_task_returns_false()
    {
        var ran = false;
        AioTest.Run(async () =>
        {
            var t = CreateTask(() =>
            {
                ran = true;
                return Task.CompletedTask;
            });
            Assert.True(t.Cancel());
            await Assert.ThrowsAsync<CancelledError>(async () => await t);
            Assert.True(t.Cancelled);
            Assert.False(t.Cancel());
        });
        Assert.False(ran);
    }

    [Fact]
    public void The_cancel_message_reaches_the_cancelled_error()
    {
        AioTest.Run(async () =>
        {
            var t = CreateTask(() => Sleep(10).AsTask());
            await Sleep(0);
            t.Cancel("shutting down");
            var e = await Assert.ThrowsAsync<CancelledError>(async () => await t);
            Assert.Equal("shutting down", e.CancelMessage);
        });
    }

    [Fact]
    public void A_task_that_catches_cancellation_can_await_again_and_finish_normally()
    {
        AioTest.Run(async () =>
        {
            var t = CreateTask(async () =>
            {
                try
                {
                    await Sleep(10);
                }
                catch (CancelledError)
                {
                }

                await Sleep(0);
                return "survived";
            });
            await Sleep(0);
            t.Cancel();
            Assert.Equal("survived", await t);
            Assert.False(t.Cancelled);
            Assert.Equal(1, t.Cancelling());
        });
    }

    [Fact]
    public void Two_cancels_before_delivery_raise_one_cancelled_error_and_uncancel_counts_down()
    {
        var delivered = 0;
        AioTest.Run(async () =>
        {
            var t = CreateTask(async () =>
            {
                try
                {
                    await Sleep(10);
                }
                catch (CancelledError)
                {
                    delivered++;
                    Assert.Equal(1, CurrentTask()!.Uncancel());
                }

                await Sleep(0.01);
                return "ok";
            });
            await Sleep(0);
            t.Cancel();
            t.Cancel();
            Assert.Equal(2, t.Cancelling());
            Assert.Equal("ok", await t);
        });
        Assert.Equal(1, delivered);
    }

    [Fact]
    public void Uncancel_to_zero_withdraws_a_cancellation_not_yet_delivered()
    {
        AioTest.Run(async () =>
        {
            var me = CurrentTask()!;
            me.Cancel();
            Assert.Equal(0, me.Uncancel());
            await Sleep(0);
        });
    }

    [Fact]
    public void A_self_cancelled_task_gets_the_error_at_its_next_wait()
    {
        AioTest.Run(async () =>
        {
            var t = CreateTask(async () =>
            {
                CurrentTask()!.Cancel();
                await Sleep(0);
                return "not reached";
            });
            await Assert.ThrowsAsync<CancelledError>(async () => await t);
            Assert.True(t.Cancelled);
        });
    }

    [Fact]
    public void A_self_cancelled_task_that_returns_without_waiting_ends_cancelled()
    {
        AioTest.Run(async () =>
        {
            var t = CreateTask(() =>
            {
                CurrentTask()!.Cancel();
                return Task.FromResult(1);
            });
            await Assert.ThrowsAsync<CancelledError>(async () => await t);
            Assert.True(t.Cancelled);
        });
    }

    [Fact]
    public void The_factory_overload_hands_a_token_that_cancelling_the_task_cancels()
    {
        AioTest.Run(async () =>
        {
            var t = CreateTask(async ct =>
            {
                await Task.Delay(System.Threading.Timeout.Infinite, ct);
            });
            await Sleep(0);
            t.Cancel();
            await Assert.ThrowsAsync<CancelledError>(async () => await t);
            Assert.True(t.Cancelled);
        });
    }

    [Fact]
    public void A_foreign_operation_canceled_exception_makes_an_uncancelled_task_fail_not_cancel()
    {
        AioTest.Run(async () =>
        {
            var t = CreateTask(async () =>
            {
                await Sleep(0);
                throw new OperationCanceledException("an HttpClient timeout");
            });
            var e = await Assert.ThrowsAsync<OperationCanceledException>(async () => await t);
            Assert.False(t.Cancelled);
            Assert.Same(e, t.Exception);
        });
    }

    [Fact]
    public void A_failing_task_keeps_its_exception_for_awaiters_and_readers()
    {
        AioTest.Run(async () =>
        {
            var t = CreateTask<int>(async () =>
            {
                await Sleep(0);
                throw new KeyNotFoundException("k");
            });
            await Assert.ThrowsAsync<KeyNotFoundException>(async () => await t);
            Assert.IsType<KeyNotFoundException>(t.Exception);
            Assert.Throws<KeyNotFoundException>(() => t.Result);
        });
    }

    [Fact]
    public void Reading_the_result_of_a_pending_task_is_an_invalid_state_error()
    {
        AioTest.Run(async () =>
        {
            var t = CreateTask(() => Sleep(1, 5).AsTask());
            Assert.Throws<InvalidStateError>(() => t.Result);
            Assert.Throws<InvalidStateError>(() => t.Exception);
            t.Cancel();
            await Sleep(0);
        });
    }

    [Fact]
    public void Awaiting_a_task_from_itself_is_an_error()
    {
        AioTest.Run(async () =>
        {
            AioTask? self = null;
            self = CreateTask(async () =>
            {
                await Sleep(0);
                await self!;
            });
            var e = await Assert.ThrowsAsync<InvalidOperationException>(async () => await self);
            Assert.Contains("cannot await on itself", e.Message);
        });
    }

    [Fact]
    public void Cancelling_a_task_cancels_the_task_it_is_awaiting()
    {
        AioTest.Run(async () =>
        {
            var inner = CreateTask(() => Sleep(10).AsTask());
            var outer = CreateTask(async () => await inner);
            await Sleep(0);
            await Sleep(0);
            outer.Cancel();
            await Assert.ThrowsAsync<CancelledError>(async () => await outer);
            Assert.True(inner.Cancelled);
        });
    }

    [Fact]
    public void Tasks_start_in_creation_order_after_the_creator_yields()
    {
        var order = new List<string>();
        AioTest.Run(async () =>
        {
            var loop = GetRunningLoop();
            _ = CreateTask(() =>
            {
                order.Add("task1");
                return Task.CompletedTask;
            });
            loop.CallSoon(() => order.Add("soon"));
            _ = CreateTask(() =>
            {
                order.Add("task2");
                return Task.CompletedTask;
            });
            order.Add("creator continues");
            await Sleep(0);
        });
        Assert.Equal(["creator continues", "task1", "soon", "task2"], order);
    }

    [Fact]
    public void CurrentTask_and_AllTasks_see_the_running_and_pending_tasks()
    {
        Assert.Null(CurrentTask());
        AioTest.Run(async () =>
        {
            var me = CurrentTask();
            Assert.NotNull(me);
            var t = CreateTask(() => Sleep(10).AsTask());
            Assert.Contains(t, AllTasks());
            Assert.Contains(me, AllTasks());
            t.Cancel();
            await Assert.ThrowsAsync<CancelledError>(async () => await t);
            Assert.DoesNotContain(t, AllTasks());
            Assert.Same(me, CurrentTask());
        });
    }

    [Fact]
    public void Async_locals_set_by_the_creator_flow_into_a_task_but_changes_inside_do_not_leak_out()
    {
        var local = new AsyncLocal<string>();
        AioTest.Run(async () =>
        {
            local.Value = "from creator";
            var seen = await CreateTask(async () =>
            {
                var v = local.Value;
                local.Value = "changed inside";
                await Sleep(0);
                return v;
            });
            Assert.Equal("from creator", seen);
            Assert.Equal("from creator", local.Value);
        });
    }

    [Fact]
    public void The_loop_keeps_an_unreferenced_task_alive_until_it_ends()
    {
        var finished = false;
        AioTest.Run(async () =>
        {
            _ = CreateTask(async () =>
            {
                await Sleep(0.05);
                finished = true;
            });
            for (var i = 0; i < 3; i++)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                await Sleep(0.02);
            }

            await Sleep(0.1);
        });
        Assert.True(finished);
    }
}
