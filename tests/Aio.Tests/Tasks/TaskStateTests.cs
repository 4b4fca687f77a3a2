using Aio.Testing;
using static Aio.Asyncio;

namespace Aio.Tests.Tasks;

/// <summary>State a task keeps aside until it is used: names, cancellation counts, tokens, its context.</summary>
public class TaskStateTests
{
    [Fact]
    public void A_default_name_keeps_its_number_through_the_task_life_and_renaming_replaces_it()
    {
        AioTest.Run(async () =>
        {
            var t = CreateTask(() => Sleep(0).AsTask());
            var name = t.Name;
            await Sleep(0);
            Assert.Equal(name, t.Name);
            await t;
            Assert.Equal(name, t.Name);
            var next = CreateTask(() => Task.CompletedTask);
            Assert.NotEqual(name, next.Name);
            next.Name = "renamed";
            Assert.Equal("renamed", next.Name);
            Assert.Throws<ArgumentNullException>(() => next.Name = null!);
            await next;
        });
    }

    [Fact]
    public void Cancel_requests_are_counted_and_the_token_taken_afterwards_is_already_cancelled()
    {
        AioTest.Run(async () =>
        {
            var t = CreateTask(() => Sleep(10).AsTask());
            await Sleep(0);
            Assert.Equal(0, t.Cancelling());
            Assert.True(t.Cancel("first"));
            Assert.True(t.Cancel("second"));
            Assert.Equal(2, t.Cancelling());
            Assert.True(t.CancellationToken.IsCancellationRequested);
            var e = await Assert.ThrowsAsync<CancelledError>(async () => await t);
            Assert.Equal("first", e.CancelMessage);
            Assert.True(t.CancellationToken.IsCancellationRequested);
        });
    }

    [Fact]
    public void A_task_runs_every_step_outside_cancel_scopes_in_one_synchronization_context_of_its_own()
    {
        AioTest.Run(async () =>
        {
            SynchronizationContext? first = null;
            SynchronizationContext? later = null;
            var t = CreateTask(async () =>
            {
                first = SynchronizationContext.Current;
                await Sleep(0);
                await Task.Yield();
                await Sleep(0.001);
                later = SynchronizationContext.Current;
            });
            await t;
            Assert.NotNull(first);
            Assert.Same(first, later);
            Assert.NotSame(SynchronizationContext.Current, first);
        });
    }

    [Fact]
    public void A_task_cancelled_before_it_starts_still_reports_its_parent_and_name()
    {
        AioTest.Run(async () =>
        {
            var parent = AioTask.Current;
            var t = CreateTask(() => Task.CompletedTask, "early");
            t.Cancel();
            await Assert.ThrowsAsync<CancelledError>(async () => await t);
            Assert.Same(parent, t.Parent);
            Assert.Equal("early", t.Name);
            Assert.True(t.Started);
        });
    }

    [Fact]
    public void A_task_with_several_waits_at_once_lists_them_all_and_a_cancel_interrupts_each_of_them()
    {
        AioTest.Run(async () =>
        {
            var gate = new Future<bool>();
            var ended = new List<string>();
            async Task Wait(string what, Func<ValueTask> wait)
            {
                try
                {
                    await wait();
                }
                catch (CancelledError)
                {
                    ended.Add(what);
                    throw;
                }
            }

            var t = CreateTask(async () =>
            {
                var a = Wait("sleep", () => Sleep(100));
                var b = Wait("future", async () => await gate);
                var c = Wait("yield", () => Sleep(0));
                await c;
                await Task.WhenAll(a, b);
            });
            await Sleep(0);
            await Sleep(0);
            var tree = TaskTree.Format(GetRunningLoop());
            Assert.Contains("Sleep", tree, StringComparison.Ordinal);
            Assert.Contains("await <Future`1 pending>", tree, StringComparison.Ordinal);
            t.Cancel();
            await Assert.ThrowsAnyAsync<Exception>(async () => await t);
            Assert.Equal(["future", "sleep"], ended.Order());
            Assert.True(gate.Cancelled);
        });
    }

    [Fact]
    public void Async_locals_a_plain_lambda_body_sets_stay_inside_its_task()
    {
        var local = new AsyncLocal<string?>();
        AioTest.Run(async () =>
        {
            string? seenByCallback = "unset";
            var t = CreateTask(() =>
            {
                local.Value = "set by a plain lambda";
                return Task.CompletedTask;
            });
            GetRunningLoop().CallSoon(() => seenByCallback = local.Value);
            await t;
            await Sleep(0);
            Assert.Null(seenByCallback);
            Assert.Null(local.Value);

            local.Value = "creator";
            var inner = await CreateTask(() =>
            {
                var v = local.Value;
                local.Value = "changed";
                return Task.FromResult(v);
            });
            Assert.Equal("creator", inner);
            Assert.Equal("creator", local.Value);
        });
    }
}
