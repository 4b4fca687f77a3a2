using Aio.Tests.Sync;
using static Aio.Asyncio;

namespace Aio.Tests.Queues;

public class BroadcastChannelTests
{
    [Fact]
    public void A_capacity_below_one_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new BroadcastChannel<int>(0));
    }

    [Fact]
    public void Every_subscriber_sees_every_message_in_order()
    {
        Run(async () =>
        {
            var ch = new BroadcastChannel<int>(8);
            using var a = ch.Subscribe();
            using var b = ch.Subscribe();
            var waiting = CreateTask(async () => await a.ReceiveAsync());
            await Sleep(0);
            Assert.Equal(2, ch.Send(1));
            ch.Send(2);
            Assert.Equal(1, await waiting);
            Assert.Equal(2, await a.ReceiveAsync());
            Assert.Equal(1, await b.ReceiveAsync());
            Assert.Equal(2, await b.ReceiveAsync());
        });
    }

    [Fact]
    public void A_subscriber_that_falls_behind_is_told_how_many_it_missed_and_goes_on_with_the_oldest_held()
    {
        Run(async () =>
        {
            var ch = new BroadcastChannel<int>(2);
            using var slow = ch.Subscribe();
            for (var i = 0; i < 5; i++)
            {
                ch.Send(i);
            }

            var lag = await Assert.ThrowsAsync<BroadcastLagged>(async () => await slow.ReceiveAsync());
            Assert.Equal(3, lag.Missed);
            Assert.Equal(3, await slow.ReceiveAsync());
            Assert.Equal(4, await slow.ReceiveAsync());
        });
    }

    [Fact]
    public void A_receive_cancelled_after_it_was_woken_leaves_the_message_for_the_next_receive()
    {
        Run(async () =>
        {
            var ch = new BroadcastChannel<string>(4);
            using var sub = ch.Subscribe();
            var r = CreateTask(async () => await sub.ReceiveAsync());
            await Sleep(0);
            ch.Send("m");
            r.Cancel();
            Assert.Equal("cancelled", await Outcomes.Of(r));
            Assert.Equal(1, sub.Pending);
            Assert.Equal("m", await sub.ReceiveAsync());
        });
    }

    [Fact]
    public void A_subscription_has_one_reader_at_a_time()
    {
        Run(async () =>
        {
            var ch = new BroadcastChannel<int>(4);
            using var sub = ch.Subscribe();
            var first = sub.ReceiveAsync();
            Assert.Throws<InvalidOperationException>(() => sub.ReceiveAsync());
            ch.Send(9);
            Assert.Equal(9, await first);
        });
    }

    [Fact]
    public void Shutdown_lets_subscribers_drain_then_ends_their_await_foreach()
    {
        var seen = new List<int>();
        Run(async () =>
        {
            var ch = new BroadcastChannel<int>(8);
            var sub = ch.Subscribe();
            var reader = CreateTask(async () =>
            {
                await foreach (var m in sub)
                {
                    seen.Add(m);
                }
            });
            await Sleep(0);
            ch.Send(1);
            ch.Send(2);
            ch.Shutdown();
            await reader;
            Assert.Throws<QueueShutDown>(() => ch.Send(3));
            sub.Dispose();
            Assert.Throws<ObjectDisposedException>(() => sub.ReceiveAsync());
            Assert.Equal(new BroadcastStatistics(8, 2, 0, 0, true), ch.Statistics());
        });
        Assert.Equal([1, 2], seen);
    }

    [Fact]
    public void A_new_subscriber_sees_only_messages_sent_after_it_subscribed()
    {
        Run(async () =>
        {
            var ch = new BroadcastChannel<int>(8);
            ch.Send(1);
            using var late = ch.Subscribe();
            Assert.Equal(0, late.Pending);
            ch.Send(2);
            Assert.Equal(2, await late.ReceiveAsync());
        });
    }
}
