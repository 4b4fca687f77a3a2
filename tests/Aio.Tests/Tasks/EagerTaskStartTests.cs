using Aio.Testing;
using static Aio.Asyncio;

namespace Aio.Tests.Tasks;

public class EagerTaskStartTests
{
    [Fact]
    public void A_coroutine_runs_inside_CreateTask_up_to_its_first_suspension()
    {
        var order = new List<string>();
        AioTest.Run(async () =>
        {
            GetRunningLoop().EagerTaskStart = true;
            var quick = CreateTask(() =>
            {
                order.Add("quick body");
                return Task.FromResult("q");
            });
            order.Add($"CreateTask(quick) returned, done={quick.Done}");
            var blocks = CreateTask(async () =>
            {
                order.Add("blocks: step 1");
                await Sleep(0);
                order.Add("blocks: step 2");
            });
            order.Add($"CreateTask(blocks) returned, done={blocks.Done}");
            await blocks;
            Assert.Equal("q", quick.Result);
        });
        Assert.Equal(
            ["quick body", "CreateTask(quick) returned, done=True", "blocks: step 1", "CreateTask(blocks) returned, done=False", "blocks: step 2"],
            order);
    }

    [Fact]
    public void Tasks_start_lazily_unless_eager_start_is_set()
    {
        var order = new List<string>();
        AioTest.Run(async () =>
        {
            Assert.False(GetRunningLoop().EagerTaskStart);
            var t = CreateTask(() =>
            {
                order.Add("body");
                return Task.CompletedTask;
            });
            order.Add($"returned, done={t.Done}");
            await t;
        });
        Assert.Equal(["returned, done=False", "body"], order);
    }

    [Fact]
    public void Cancel_on_an_eagerly_finished_task_returns_false_and_keeps_its_result()
    {
        AioTest.Run(async () =>
        {
            GetRunningLoop().EagerTaskStart = true;
            var t = CreateTask(() => Task.FromResult(7));
            Assert.False(t.Cancel());
            Assert.Equal(7, await t);
            Assert.DoesNotContain(t, AllTasks());
        });
    }

    [Fact]
    public void The_new_task_is_current_during_its_eager_step_and_the_creator_after_it()
    {
        AioTest.Run(async () =>
        {
            GetRunningLoop().EagerTaskStart = true;
            var creator = CurrentTask();
            AioTask? seenInside = null;
            AioTask? seenAfterSuspending = null;
            var t = CreateTask(async () =>
            {
                seenInside = CurrentTask();
                await Sleep(0);
                seenAfterSuspending = CurrentTask();
            });
            Assert.Same(t, seenInside);
            Assert.Same(creator, CurrentTask());
            await t;
            Assert.Same(t, seenAfterSuspending);
        });
    }

    [Fact]
    public void Done_callbacks_of_an_eagerly_finished_task_still_run_through_the_loop()
    {
        AioTest.Run(async () =>
        {
            GetRunningLoop().EagerTaskStart = true;
            var t = CreateTask(() => Task.CompletedTask);
            var called = false;
            t.AddDoneCallback(_ => called = true);
            Assert.False(called);
            await Sleep(0);
            Assert.True(called);
        });
    }

    [Fact]
    public void A_task_group_child_that_fails_in_its_eager_step_fails_the_group()
    {
        AioTest.Run(async () =>
        {
            GetRunningLoop().EagerTaskStart = true;
            var cancelledSibling = false;
            var eg = await Assert.ThrowsAsync<ExceptionGroup>(() => TaskGroup.RunAsync(async tg =>
            {
                tg.StartSoon(async () =>
                {
                    try
                    {
                        await Sleep(10);
                    }
                    catch (CancelledError)
                    {
                        cancelledSibling = true;
                        throw;
                    }
                });
                var failed = tg.CreateTask(() => throw new InvalidOperationException("at once"));
                Assert.True(failed.Done);
                await Sleep(10);
            }));
            Assert.Equal("at once", Assert.IsType<InvalidOperationException>(Assert.Single(eg.Exceptions)).Message);
            Assert.True(cancelledSibling);
        });
    }

    [Fact]
    public void A_task_created_before_the_loop_runs_starts_in_its_first_iteration()
    {
        using var loop = new EventLoop();
        loop.EagerTaskStart = true;
        var ran = false;
        var t = loop.CreateTask(() =>
        {
            ran = true;
            return Task.CompletedTask;
        });
        Assert.False(ran);
        Assert.False(t.Done);
        loop.RunUntilComplete(t);
        Assert.True(ran);
    }
}
