using System.Runtime.CompilerServices;
using Aio.Testing;
using static Aio.Asyncio;

namespace Aio.Tests.Waiting;

public class AioMethodBuilderTests
{
    private static readonly AsyncLocal<string> s_local = new();

    [Fact]
    public void A_method_that_does_not_wait_returns_its_result_or_its_error_already_completed()
    {
        AioTest.Run(() =>
        {
            var done = AfterOptionalWait(null, 5);
            Assert.True(done.IsCompletedSuccessfully);
            Assert.Equal(5, done.Result);

            var failed = FailAfterOptionalWait(null);
            Assert.True(failed.IsFaulted);
            Assert.IsType<InvalidDataException>(failed.AsTask().Exception!.InnerException);
            return Task.CompletedTask;
        });
    }

    [Fact]
    public void A_method_that_waits_returns_to_its_caller_in_the_step_it_ends_in()
    {
        var log = new List<string>();
        AioTest.Run(async () =>
        {
            var f = new Future<int>();
            var caller = CreateTask(async () =>
            {
                var value = await AfterOptionalWait(f, 1);
                log.Add($"caller got {value}");
            });
            await Sleep(0);
            f.SetResult(41);
            log.Add("result set");
            await Sleep(0);
            log.Add("one turn later");
            await caller;
        });
        Assert.Equal(["result set", "caller got 42", "one turn later"], log);
    }

    [Fact]
    public void An_error_raised_after_waiting_reaches_the_caller_unchanged()
    {
        AioTest.Run(async () =>
        {
            var f = new Future<int>();
            var call = FailAfterOptionalWait(f);
            Assert.False(call.IsCompleted);
            f.SetResult(0);
            var error = await Assert.ThrowsAsync<InvalidDataException>(async () => await call);
            Assert.Equal("after the wait", error.Message);
        });
    }

    [Fact]
    public void Awaiting_a_finished_call_again_is_an_error_rather_than_a_recycled_result()
    {
        AioTest.Run(async () =>
        {
            var f = new Future<int>();
            var call = AfterOptionalWait(f, 0);
            f.SetResult(1);
            Assert.Equal(1, await call);
            Assert.Throws<InvalidOperationException>(() => call.GetAwaiter().GetResult());

            // Its box now serves the next call, which must not be disturbed.
            var g = new Future<int>();
            var next = AfterOptionalWait(g, 0);
            g.SetResult(2);
            Assert.Equal(2, await next);
        });
    }

    [Fact]
    public void Reading_a_call_before_it_finishes_is_an_error_that_says_to_await_it()
    {
        AioTest.Run(async () =>
        {
            var f = new Future<int>();
            var call = AfterOptionalWait(f, 0);
            var error = Assert.Throws<InvalidOperationException>(() => call.Result);
            Assert.Contains("must be awaited", error.Message);
            f.SetResult(0);
            await Sleep(0);
        });
    }

    [Fact]
    public void Cancelling_the_caller_cancels_the_wait_inside_the_method()
    {
        AioTest.Run(async () =>
        {
            var f = new Future<int>();
            var caller = CreateTask(async () => await AfterOptionalWait(f, 0));
            await Sleep(0);
            caller.Cancel();
            await Assert.ThrowsAsync<CancelledError>(async () => await caller);
            Assert.True(caller.Cancelled);
            Assert.True(f.Cancelled); // as in asyncio, a task cancelled while awaiting a future cancels the future
        });
    }

    [Fact]
    public void A_call_awaited_by_another_task_resumes_that_task_in_its_own_context()
    {
        AioTest.Run(async () =>
        {
            var f = new Future<int>();
            var call = AfterOptionalWait(f, 0);
            AioTask? resumedIn = null;
            var other = CreateTask(async () =>
            {
                await call;
                resumedIn = CurrentTask();
            });
            await Sleep(0);
            f.SetResult(3);
            await other;
            Assert.Same(other, resumedIn);
        });
    }

    [Fact]
    public void A_method_sees_its_callers_async_locals_after_it_waits()
    {
        AioTest.Run(async () =>
        {
            var f = new Future<int>();
            var a = CreateTask(async () =>
            {
                s_local.Value = "a";
                return await LocalAfterWait(f);
            });
            var b = CreateTask(async () =>
            {
                s_local.Value = "b";
                return await LocalAfterWait(f);
            });
            await Sleep(0);
            f.SetResult(0);
            Assert.Equal("a", await a);
            Assert.Equal("b", await b);
            Assert.Null(s_local.Value);
        });
    }

    [AsyncMethodBuilder(typeof(AioMethodBuilder<>))]
    private static async ValueTask<int> AfterOptionalWait(Future<int>? future, int add)
    {
        var value = future is null ? 0 : await future;
        return value + add;
    }

    [AsyncMethodBuilder(typeof(AioMethodBuilder))]
    private static async ValueTask FailAfterOptionalWait(Future<int>? future)
    {
        if (future is not null)
        {
            await future;
            throw new InvalidDataException("after the wait");
        }

        throw new InvalidDataException("before any wait");
    }

    [AsyncMethodBuilder(typeof(AioMethodBuilder<>))]
    private static async ValueTask<string?> LocalAfterWait(Future<int> future)
    {
        await future;
        return s_local.Value;
    }
}
