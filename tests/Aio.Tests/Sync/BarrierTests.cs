using static Aio.Asyncio;

namespace Aio.Tests.Sync;

public class BarrierTests
{
    [Fact]
    public void Fewer_than_one_party_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new AsyncBarrier(0));
    }

    [Fact]
    public void Asyncio_scenario_each_party_gets_a_distinct_index()
    {
        Run(async () =>
        {
            var b = new AsyncBarrier(3);
            var r = await Gather(() => b.WaitAsync().AsTask(), () => b.WaitAsync().AsTask(), () => b.WaitAsync().AsTask());
            Assert.Equal([0, 1, 2], r.Order());
            Assert.Equal(0, b.Waiting);
        });
    }

    [Fact]
    public void Asyncio_scenario_abort_breaks_waiting_and_future_waits()
    {
        Run(async () =>
        {
            var b = new AsyncBarrier(2);
            var t = CreateTask(async () => await b.WaitAsync());
            await Sleep(0);
            b.Abort();
            Assert.Equal("BrokenBarrierError", await Outcomes.Of(t));
            Assert.True(b.Broken);
            await Assert.ThrowsAsync<BrokenBarrierError>(async () => await b.WaitAsync());
        });
    }

    [Fact]
    public void Reset_fails_current_waiters_and_makes_a_broken_barrier_usable_again()
    {
        Run(async () =>
        {
            var b = new AsyncBarrier(2);
            var t = CreateTask(async () => await b.WaitAsync());
            await Sleep(0);
            b.Reset();
            Assert.Equal("BrokenBarrierError", await Outcomes.Of(t));
            b.Abort();
            b.Reset();
            Assert.False(b.Broken);
            var r = await Gather(() => b.WaitAsync().AsTask(), () => b.WaitAsync().AsTask());
            Assert.Equal([0, 1], r.Order());
        });
    }

    [Fact]
    public void A_cancelled_waiter_leaves_and_the_next_passage_still_has_distinct_indices()
    {
        Run(async () =>
        {
            var b = new AsyncBarrier(3);
            var first = CreateTask(async () => await b.WaitAsync());
            var second = CreateTask(async () => await b.WaitAsync());
            await Sleep(0);
            first.Cancel();
            await Sleep(0);
            Assert.Equal(1, b.Waiting);
            var third = CreateTask(async () => await b.WaitAsync());
            var last = await b.WaitAsync();
            Assert.Equal("cancelled", await Outcomes.Of(first));
            Assert.Equal([0, 1, 2], new[] { await second, await third, last }.Order());
        });
    }

    [Fact]
    public void The_barrier_is_reusable_across_passages()
    {
        Run(async () =>
        {
            var b = new AsyncBarrier(2);
            async Task<int[]> Party()
            {
                var indices = new int[3];
                for (var i = 0; i < 3; i++)
                {
                    indices[i] = await b.WaitAsync();
                }

                return indices;
            }

            var x = CreateTask(Party);
            var y = CreateTask(Party);
            var (a, c) = (await x, await y);
            for (var i = 0; i < 3; i++)
            {
                Assert.Equal([0, 1], new[] { a[i], c[i] }.Order());
            }

            Assert.Equal(new BarrierStatistics(2, 0, false), b.Statistics());
        });
    }
}
