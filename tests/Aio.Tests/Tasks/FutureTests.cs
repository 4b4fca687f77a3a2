using Aio.Testing;
using static Aio.Asyncio;

namespace Aio.Tests.Tasks;

public class FutureTests
{
    [Fact]
    public void Done_callbacks_run_through_the_loop_in_order_also_when_added_after_completion()
    {
        var log = new List<string>();
        AioTest.Run(async () =>
        {
            var f = new Future<int>();
            f.AddDoneCallback(_ => log.Add("cb1"));
            f.AddDoneCallback(_ => log.Add("cb2"));
            f.SetResult(1);
            log.Add("after SetResult");
            f.AddDoneCallback(_ => log.Add("cb3 (added when done)"));
            await Sleep(0);
        });
        Assert.Equal(["after SetResult", "cb1", "cb2", "cb3 (added when done)"], log);
    }

    [Fact]
    public void Invalid_state_rules_match_asyncio()
    {
        AioTest.Run(async () =>
        {
            var f = new Future<int>();
            Assert.Equal("Result is not set.", Assert.Throws<InvalidStateError>(() => f.Result).Message);
            f.SetResult(1);
            Assert.Throws<InvalidStateError>(() => f.SetResult(2));
            Assert.Throws<InvalidStateError>(() => f.SetException(new InvalidOperationException()));
            Assert.False(f.Cancel());
            var g = new Future<int>();
            Assert.True(g.Cancel("why"));
            Assert.Equal("why", Assert.Throws<CancelledError>(() => g.Result).CancelMessage);
            Assert.Throws<CancelledError>(() => g.Exception);
            await Sleep(0);
        });
    }

    [Fact]
    public void RemoveDoneCallback_removes_every_registration_and_returns_the_count()
    {
        AioTest.Run(async () =>
        {
            var ran = 0;
            var h = new Future<int>();
            Action<Future> cb = _ => ran++;
            h.AddDoneCallback(cb);
            h.AddDoneCallback(cb);
            Assert.Equal(2, h.RemoveDoneCallback(cb));
            h.SetResult(0);
            await Sleep(0);
            Assert.Equal(0, ran);
        });
    }

    [Fact]
    public void Awaiting_a_future_returns_its_result_or_rethrows_its_exception()
    {
        AioTest.Run(async () =>
        {
            var loop = GetRunningLoop();
            var f = loop.CreateFuture<string>();
            loop.CallLater(0.01, () => f.SetResult("woken"));
            Assert.Equal("woken", await f);
            var g = loop.CreateFuture<string>();
            loop.CallSoon(() => g.SetException(new FormatException("bad")));
            await Assert.ThrowsAsync<FormatException>(async () => await g);
        });
    }

    [Fact]
    public void Cancelling_a_task_that_awaits_a_future_cancels_the_future()
    {
        AioTest.Run(async () =>
        {
            var f = new Future<int>();
            var t = CreateTask(async () => await f);
            await Sleep(0);
            t.Cancel("stop");
            await Assert.ThrowsAsync<CancelledError>(async () => await t);
            Assert.True(f.Cancelled);
        });
    }

    [Fact]
    public void A_future_completed_from_another_thread_via_CallSoonThreadsafe_wakes_the_loop()
    {
        AioTest.Run(async () =>
        {
            var loop = GetRunningLoop();
            var f = new Future<string>();
            var thread = new Thread(() =>
            {
                Thread.Sleep(20);
                loop.CallSoonThreadsafe(() => f.SetResult("woken"));
            });
            thread.Start();
            Assert.Equal("woken", await f);
            thread.Join();
        });
    }

    [Fact]
    public void AsTask_bridges_a_future_to_dotnet_tasks()
    {
        AioTest.Run(async () =>
        {
            var f = new Future<int>();
            var task = f.AsTask();
            GetRunningLoop().CallSoon(() => f.SetResult(7));
            Assert.Equal(7, await task);
        });
    }

    [Fact]
    public void A_cancelled_future_raises_one_error_with_its_message_and_a_failed_one_its_exception()
    {
        AioTest.Run(async () =>
        {
            var cancelled = new Future<int>();
            Assert.True(cancelled.Cancel("because"));
            var first = Assert.Throws<CancelledError>(() => cancelled.Result);
            Assert.Equal("because", first.CancelMessage);
            Assert.Same(first, Assert.Throws<CancelledError>(() => cancelled.Exception));
            Assert.Same(first, await Assert.ThrowsAsync<CancelledError>(async () => await cancelled));

            var failed = new Future<int>();
            var error = new FormatException("bad");
            failed.SetException(error);
            Assert.Same(error, failed.Exception);
            Assert.Contains("exception=FormatException", failed.ToString(), StringComparison.Ordinal);
        });
    }
}
