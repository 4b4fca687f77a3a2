using Aio.Testing;
using static Aio.Asyncio;

namespace Aio.Tests.Combinators;

public class GatherTests
{
    private static async Task Child(string name, double delay, List<string> log)
    {
        try
        {
            await Sleep(delay);
            log.Add($"{name} finished");
        }
        catch (CancelledError)
        {
            log.Add($"{name} cancelled");
            throw;
        }
    }

    [Fact]
    public void Gather_returns_results_in_argument_order_not_completion_order()
    {
        var r = AioTest.Run(async () => await Gather(
            CreateTask(() => Sleep(0.03, 3).AsTask()),
            CreateTask(() => Sleep(0.01, 1).AsTask()),
            CreateTask(() => Sleep(0.02, 2).AsTask())));
        Assert.Equal([3, 1, 2], r);
    }

    [Fact]
    public void Gather_of_nothing_is_an_empty_result()
    {
        Assert.Empty(AioTest.Run(async () => await Gather(Array.Empty<AioTask<int>>())));
    }

    [Fact]
    public void A_failing_child_fails_the_gather_at_once_and_siblings_keep_running()
    {
        var log = new List<string>();
        AioTest.Run(async () =>
        {
            var sibling = CreateTask(() => Child("sibling", 0.05, log));
            var boom = CreateTask(async () =>
            {
                await Sleep(0.01);
                throw new InvalidOperationException("boom");
            });
            var e = await Assert.ThrowsAsync<InvalidOperationException>(async () => await Gather(boom, sibling));
            Assert.Equal("boom", e.Message);
            Assert.False(sibling.Done);
            await sibling;
        });
        Assert.Equal(["sibling finished"], log);
    }

    [Fact]
    public void Cancelling_the_gather_cancels_every_child()
    {
        var log = new List<string>();
        AioTest.Run(async () =>
        {
            var g = Gather(() => Child("a", 1, log), () => Child("b", 1, log));
            await Sleep(0);
            await Sleep(0);
            Assert.True(g.Cancel());
            await Assert.ThrowsAsync<CancelledError>(async () => await g);
            Assert.False(g.Cancel());
        });
        Assert.Equal(["a cancelled", "b cancelled"], log);
    }

    [Fact]
    public void Cancelling_the_task_awaiting_a_gather_cancels_the_children()
    {
        var log = new List<string>();
        AioTest.Run(async () =>
        {
            var waiter = CreateTask(async () => await Gather(() => Child("a", 1, log), () => Child("b", 1, log)));
            await Sleep(0.01);
            waiter.Cancel();
            await Assert.ThrowsAsync<CancelledError>(async () => await waiter);
            Assert.True(waiter.Cancelled);
        });
        Assert.Equal(["a cancelled", "b cancelled"], log);
    }

    [Fact]
    public void A_child_cancelled_on_its_own_raises_cancelled_error_but_the_gather_is_not_cancelled()
    {
        AioTest.Run(async () =>
        {
            var c = CreateTask(() => Sleep(10).AsTask());
            var other = CreateTask(() => Sleep(0.01).AsTask());
            var outer = Gather(c, other);
            await Sleep(0);
            c.Cancel();
            await Assert.ThrowsAsync<CancelledError>(async () => await outer);
            Assert.False(outer.Cancelled);
            Assert.IsType<CancelledError>(outer.Exception);
            await other;
        });
    }

    [Fact]
    public void Return_exceptions_mode_puts_errors_and_cancellations_in_place()
    {
        AioTest.Run(async () =>
        {
            var c = CreateTask(() => Sleep(10, 0).AsTask());
            GetRunningLoop().CallSoon(() => c.Cancel("bye"));
            var r = await GatherReturnExceptions(
                CreateTask(() => Sleep(0.03, 3).AsTask()),
                CreateTask<int>(() => throw new KeyNotFoundException("k")),
                CreateTask(() => Sleep(0.01, 1).AsTask()),
                c);
            Assert.Equal(3, r[0].Value);
            Assert.IsType<KeyNotFoundException>(r[1].Exception);
            Assert.Equal(1, r[2].Value);
            Assert.True(r[3].Cancelled);
        });
    }

    [Fact]
    public void Cancelling_a_return_exceptions_gather_still_raises_cancelled_error()
    {
        AioTest.Run(async () =>
        {
            var g = GatherReturnExceptions(CreateTask(() => Sleep(1, 1).AsTask()));
            await Sleep(0);
            g.Cancel();
            await Assert.ThrowsAsync<CancelledError>(async () => await g);
        });
    }

    [Fact]
    public void Gather_accepts_plain_async_calls_running_in_the_caller()
    {
        static async Task<int> Twice(int x)
        {
            await Sleep(0.01);
            return x * 2;
        }

        Assert.Equal([2, 4], AioTest.Run(async () => await Gather(Twice(1), Twice(2))));
    }

    [Fact]
    public void Gather_of_futures_of_any_type_returns_boxed_results()
    {
        var r = AioTest.Run(async () => await Gather(CreateTask(() => Sleep(0, "s").AsTask()), CreateTask(() => Sleep(0, 5).AsTask()), CreateTask(() => Task.CompletedTask)));
        Assert.Equal(["s", 5, null], r);
    }

    [Fact]
    public void A_gather_completes_in_the_iteration_after_its_last_child_not_when_the_child_finishes()
    {
        AioTest.Run(async () =>
        {
            var a = new Future<int>();
            var b = new Future<int>();
            var c = new Future<int>();
            var g = Gather(a, b, c);
            a.SetResult(1);
            await Sleep(0);
            b.SetResult(2);
            await Sleep(0);
            Assert.False(g.Done);
            c.SetResult(3);
            Assert.False(g.Done);
            await Sleep(0);
            Assert.True(g.Done);
            Assert.Equal([1, 2, 3], g.Result);
        });
    }

    [Fact]
    public void A_gather_of_children_already_finished_completes_one_iteration_later_with_every_result()
    {
        AioTest.Run(async () =>
        {
            var children = Enumerable.Range(0, 5).Select(i =>
            {
                var f = new Future<int>();
                f.SetResult(i * 10);
                return f;
            }).ToArray();
            var g = Gather(children);
            Assert.False(g.Done);
            await Sleep(0);
            Assert.True(g.Done);
            Assert.Equal([0, 10, 20, 30, 40], g.Result);
        });
    }

    [Fact]
    public void A_finished_failed_child_fails_a_gather_whose_other_children_had_finished_too()
    {
        AioTest.Run(async () =>
        {
            var ok = new Future<int>();
            ok.SetResult(1);
            var failed = new Future<int>();
            failed.SetException(new TimeoutException("before"));
            var pending = new Future<int>();
            var g = Gather(ok, failed, ok, pending);
            var e = await Assert.ThrowsAsync<TimeoutException>(async () => await g);
            Assert.Equal("before", e.Message);
            Assert.False(pending.Done);
            pending.SetResult(2);
        });
    }

    [Fact]
    public void A_child_failing_after_a_sibling_succeeded_fails_the_gather_while_another_is_pending()
    {
        AioTest.Run(async () =>
        {
            var a = new Future<int>();
            var b = new Future<int>();
            var c = new Future<int>();
            var g = Gather(a, b, c);
            a.SetResult(1);
            await Sleep(0);
            b.SetException(new TimeoutException("late"));
            var e = await Assert.ThrowsAsync<TimeoutException>(async () => await g);
            Assert.Equal("late", e.Message);
            Assert.False(c.Done);
            c.SetResult(3);
        });
    }

    [Fact]
    public void A_gather_cancelled_after_some_children_succeeded_raises_cancelled_error()
    {
        AioTest.Run(async () =>
        {
            var a = new Future<int>();
            var b = new Future<int>();
            var c = new Future<int>();
            var g = Gather(a, b, c);
            a.SetResult(1);
            await Sleep(0);
            Assert.True(g.Cancel());
            Assert.False(a.Cancelled);
            Assert.True(b.Cancelled);
            await Assert.ThrowsAsync<CancelledError>(async () => await g);
        });
    }

    [Fact]
    public void Return_exceptions_mode_keeps_every_outcome_when_successes_come_before_the_last_failure()
    {
        AioTest.Run(async () =>
        {
            var a = new Future<int>();
            var b = new Future<int>();
            var c = new Future<int>();
            var g = GatherReturnExceptions(a, b, c);
            c.SetResult(3);
            a.SetResult(1);
            await Sleep(0);
            b.SetException(new KeyNotFoundException("k"));
            var r = await g;
            Assert.Equal(1, r[0].Value);
            Assert.IsType<KeyNotFoundException>(r[1].Exception);
            Assert.Equal(3, r[2].Value);
        });
    }

    [Fact]
    public void A_task_given_twice_to_gather_is_counted_twice_and_its_result_returned_twice()
    {
        var r = AioTest.Run(async () =>
        {
            var t = CreateTask(() => Sleep(0, 7).AsTask());
            var other = CreateTask(() => Sleep(0.01, 8).AsTask());
            return await Gather(t, other, t);
        });
        Assert.Equal([7, 8, 7], r);
    }

    [Fact]
    public void Gather_results_stay_in_argument_order_when_children_finish_partly_in_order()
    {
        AioTest.Run(async () =>
        {
            var f = new[] { new Future<int>(), new Future<int>(), new Future<int>(), new Future<int>(), new Future<int>() };
            var g = Gather(f);
            f[0].SetResult(0);
            f[1].SetResult(1);
            await Sleep(0);
            f[3].SetResult(3);
            f[4].SetResult(4);
            await Sleep(0);
            f[2].SetResult(2);
            var results = await g;
            Assert.Equal([0, 1, 2, 3, 4], results);
        });
    }
}
