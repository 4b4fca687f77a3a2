using Aio.Tests.Sync;
using static Aio.Asyncio;

namespace Aio.Tests.Queues;

public class WatchChannelTests
{
    [Fact]
    public void A_subscriber_waits_for_a_change_and_gets_the_latest_value()
    {
        Run(async () =>
        {
            var ch = new WatchChannel<string>("initial");
            using var sub = ch.Subscribe();
            Assert.False(sub.HasChanged);
            var waiter = CreateTask(async () => await sub.ChangedAsync());
            await Sleep(0);
            ch.Send("a");
            ch.Send("b");
            Assert.Equal("b", await waiter);
            Assert.False(sub.HasChanged);
            Assert.Equal(2, ch.Version);
        });
    }

    [Fact]
    public void A_change_sent_before_the_wait_returns_at_once()
    {
        Run(async () =>
        {
            var ch = new WatchChannel<int>(0);
            using var sub = ch.Subscribe();
            ch.Send(5);
            var changed = sub.ChangedAsync();
            Assert.True(changed.IsCompletedSuccessfully);
            Assert.Equal(5, await changed);
        });
    }

    [Fact]
    public void A_wait_cancelled_after_it_was_woken_leaves_the_change_unseen()
    {
        Run(async () =>
        {
            var ch = new WatchChannel<int>(0);
            using var sub = ch.Subscribe();
            var w = CreateTask(async () => await sub.ChangedAsync());
            await Sleep(0);
            ch.Send(1);
            w.Cancel();
            Assert.Equal("cancelled", await Outcomes.Of(w));
            Assert.True(sub.HasChanged);
            Assert.Equal(1, await sub.ChangedAsync());
        });
    }

    [Fact]
    public void WaitFor_returns_the_first_value_that_satisfies_the_predicate()
    {
        Run(async () =>
        {
            var ch = new WatchChannel<int>(0);
            using var sub = ch.Subscribe();
            var w = CreateTask(async () => await sub.WaitForAsync(v => v >= 3));
            for (var i = 1; i <= 4; i++)
            {
                await Sleep(0);
                ch.Send(i);
            }

            Assert.Equal(3, await w);
        });
    }

    [Fact]
    public void Shutdown_delivers_an_unseen_change_then_ends_await_foreach()
    {
        var seen = new List<int>();
        Run(async () =>
        {
            var ch = new WatchChannel<int>(0);
            using var sub = ch.Subscribe();
            var reader = CreateTask(async () =>
            {
                await foreach (var v in sub)
                {
                    seen.Add(v);
                }
            });
            await Sleep(0);
            ch.Send(1);
            await Sleep(0);
            await Sleep(0);
            ch.Send(2);
            ch.Shutdown();
            await reader;
            Assert.Throws<QueueShutDown>(() => ch.Send(3));
            Assert.Equal(new WatchStatistics(2, 1, 0, true), ch.Statistics());
        });
        Assert.Equal([1, 2], seen);
    }
}
