using Aio.Testing;
using static Aio.Asyncio;

namespace Aio.Tests.Tasks;

/// <summary>
/// A task learns that its body ended either right after an Aio wait resumed the body or through a continuation
/// on the body's .NET task; every way a body can end must be noticed, with its outcome.
/// </summary>
public class TaskBodyEndTests
{
    [Fact]
    public void A_body_that_ends_after_its_own_aio_waits_gives_the_task_its_result()
    {
        var result = Run(async () =>
        {
            var t = CreateTask(async () =>
            {
                await Sleep(0);
                await Sleep(0.001);
                return 42;
            });
            return await t;
        });
        Assert.Equal(42, result);
    }

    [Fact]
    public void A_body_that_throws_after_an_aio_wait_fails_the_task()
    {
        Run(async () =>
        {
            var t = CreateTask(async () =>
            {
                await Sleep(0);
                throw new FormatException("bad");
            });
            var e = await Assert.ThrowsAsync<FormatException>(async () => await t);
            Assert.Equal("bad", e.Message);
            Assert.Same(e, t.Exception);
        });
    }

    [Fact]
    public void A_body_cancelled_while_suspended_directly_on_an_aio_wait_ends_cancelled()
    {
        Run(async () =>
        {
            var gate = new Future<bool>();
            var t = CreateTask(async () => await gate);
            await Sleep(0);
            t.Cancel("stop");
            var e = await Assert.ThrowsAsync<CancelledError>(async () => await t);
            Assert.Equal("stop", e.CancelMessage);
            Assert.True(t.Cancelled);
            Assert.True(gate.Cancelled);
        });
    }

    [Fact]
    public void A_body_that_ends_on_the_thread_pool_after_an_aio_wait_still_finishes_the_task()
    {
        var result = Run(async () =>
        {
            var t = CreateTask(async () =>
            {
                await Sleep(0);
                await Task.Delay(1).ConfigureAwait(false);
                return Environment.CurrentManagedThreadId;
            });
            var loopThread = Environment.CurrentManagedThreadId;
            return (await t, loopThread);
        });
        Assert.NotEqual(result.loopThread, result.Item1);
    }

    [Fact]
    public void A_body_whose_first_step_suspends_on_a_dotnet_task_then_on_aio_waits_finishes()
    {
        var result = Run(async () =>
        {
            var t = CreateTask(async () =>
            {
                await Task.Yield();
                await Sleep(0);
                return "done";
            });
            return await t;
        });
        Assert.Equal("done", result);
    }

    [Fact]
    public void A_body_that_ends_inside_a_nested_async_method_finishes_the_task()
    {
        static async Task<int> Inner()
        {
            await Sleep(0);
            await Sleep(0);
            return 7;
        }

        var result = Run(async () => await CreateTask(async () => await Inner() + 1));
        Assert.Equal(8, result);
    }

    [Fact]
    public void A_body_that_returns_while_a_method_it_started_is_still_waiting_finishes_the_task()
    {
        Run(async () =>
        {
            var never = new Future<bool>();
            Task? inner = null;
            var t = CreateTask(async () =>
            {
                await Sleep(0);
                inner = WaitForever(never);
                await Task.Delay(1).ConfigureAwait(false);
            });
            await t.WaitAsync();
            Assert.True(t.Done);
            Assert.False(inner!.IsCompleted);
            never.SetResult(true);
            await inner;
        });

        static async Task WaitForever(Future<bool> f) => await f;
    }

    [Fact]
    public void A_body_resumed_by_an_aio_wait_started_in_another_task_still_finishes()
    {
        Run(async () =>
        {
            ValueTask<bool> shared = default;
            var gate = new Future<bool>();
            var maker = CreateTask(() =>
            {
                shared = gate.WaitAsync();
                return Task.CompletedTask;
            });
            await maker;
            var t = CreateTask(async () => await shared);
            await Sleep(0);
            gate.SetResult(true);
            Assert.True(await t);
        });
    }

    [Fact]
    public void A_body_that_ends_inside_a_cancel_scope_wait_finishes_the_task()
    {
        var caught = Run(async () =>
        {
            var t = CreateTask(async () =>
            {
                var scope = new CancelScope(deadline: EventLoop.GetRunningLoop().Time() + 0.001);
                await scope.RunAsync(async _ => await Sleep(10));
                return scope.CancelledCaught;
            });
            return await t;
        });
        Assert.True(caught);
    }

    [Fact]
    public void Async_locals_set_after_an_aio_wait_do_not_leak_to_the_loop_when_the_body_ends()
    {
        var local = new AsyncLocal<string?>();
        var seen = AioTest.Run(async () =>
        {
            var t = CreateTask(async () =>
            {
                await Sleep(0);
                local.Value = "inside";
            });
            await t;
            var after = new Future<string?>();
            EventLoop.GetRunningLoop().CallSoon(() => after.SetResult(local.Value));
            return await after;
        });
        Assert.Null(seen);
    }
}
