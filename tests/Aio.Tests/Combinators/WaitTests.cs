using static Aio.Asyncio;

namespace Aio.Tests.Combinators;

public class WaitTests
{
    private static Func<Task<string>> Job(string name, double delay) => async () =>
    {
        await Sleep(delay);
        return name;
    };

    [Fact]
    public void Wait_with_a_timeout_returns_done_and_pending_and_cancels_nothing()
    {
        Run(async () =>
        {
            var a = CreateTask(Job("a", 0.01));
            var b = CreateTask(Job("b", 5));
            var (done, pending) = await Wait([a, b], 0.2);
            Assert.Equal([a], done);
            Assert.Equal([b], pending);
            Assert.False(b.Done);
            b.Cancel();
        });
    }

    [Fact]
    public void First_completed_returns_when_any_is_done()
    {
        Run(async () =>
        {
            var slow = CreateTask(Job("slow", 5));
            var fast = CreateTask(Job("fast", 0.01));
            var (done, pending) = await Wait([slow, fast], returnWhen: ReturnWhen.FirstCompleted);
            Assert.Equal("fast", done.Single().Result);
            Assert.Contains(slow, pending);
            slow.Cancel();
        });
    }

    [Fact]
    public void First_exception_returns_at_the_first_failure_and_ignores_cancellations()
    {
        Run(async () =>
        {
            var slow = CreateTask(Job("slow", 5));
            var cancelled = CreateTask(Job("c", 5));
            var boom = CreateTask<string>(async () =>
            {
                await Sleep(0.03);
                throw new FormatException();
            });
            var quick = CreateTask(Job("d", 0.01));
            await Sleep(0);
            cancelled.Cancel();
            var (done, pending) = await Wait([slow, boom, quick, cancelled], returnWhen: ReturnWhen.FirstException);
            Assert.Contains(boom, done);
            Assert.Contains(quick, done);
            Assert.Contains(cancelled, done);
            Assert.Equal([slow], pending);
            slow.Cancel();
        });
    }

    [Fact]
    public void All_completed_waits_for_everything()
    {
        Run(async () =>
        {
            var ts = new[] { CreateTask(Job("a", 0.01)), CreateTask(Job("b", 0.02)) };
            var (done, pending) = await Wait(ts);
            Assert.Equal(2, done.Count);
            Assert.Empty(pending);
        });
    }

    [Fact]
    public void Waiting_on_nothing_is_an_error()
    {
        Run(async () =>
        {
            var e = await Assert.ThrowsAsync<ArgumentException>(() => Wait(Array.Empty<AioTask>()));
            Assert.StartsWith("Set of Tasks/Futures is empty.", e.Message);
        });
    }

    [Fact]
    public void Cancelling_the_waiting_task_does_not_cancel_the_waited_tasks()
    {
        Run(async () =>
        {
            var inner = CreateTask(Job("inner", 0.05));
            var waiter = CreateTask(() => Wait([inner]));
            await Sleep(0);
            waiter.Cancel();
            await Assert.ThrowsAsync<CancelledError>(async () => await waiter);
            Assert.Equal("inner", await inner);
        });
    }

    [Fact]
    public void AsCompleted_yields_in_completion_order()
    {
        var order = Run(async () =>
        {
            var names = new List<string>();
            await foreach (var t in AsCompleted([CreateTask(Job("slow", 0.06)), CreateTask(Job("fast", 0.01)), CreateTask(Job("mid", 0.03))]))
            {
                names.Add(await t);
            }

            return names;
        });
        Assert.Equal(["fast", "mid", "slow"], order);
    }

    [Fact]
    public void AsCompleted_times_out_without_cancelling_the_rest()
    {
        Run(async () =>
        {
            var slow = CreateTask(Job("b", 5));
            var got = new List<string>();
            await Assert.ThrowsAsync<TimeoutException>(async () =>
            {
                await foreach (var t in AsCompleted([CreateTask(Job("a", 0.01)), slow], 0.1))
                {
                    got.Add(await t);
                }
            });
            Assert.Equal(["a"], got);
            Assert.False(slow.Done);
            slow.Cancel();
        });
    }
}
