using static Aio.Asyncio;

namespace Aio.Tests.Queues;

public class PriorityAndLifoTests
{
    [Fact]
    public void Asyncio_scenario_priority_gives_lowest_first_and_lifo_gives_last_first()
    {
        Run(async () =>
        {
            await Sleep(0);
            var pq = new AsyncPriorityQueue<int>();
            var lq = new AsyncLifoQueue<int>();
            foreach (var x in new[] { 3, 1, 2 })
            {
                pq.PutNowait(x);
                lq.PutNowait(x);
            }

            Assert.Equal([1, 2, 3], new[] { pq.GetNowait(), pq.GetNowait(), pq.GetNowait() });
            Assert.Equal([2, 1, 3], new[] { lq.GetNowait(), lq.GetNowait(), lq.GetNowait() });
        });
    }

    [Fact]
    public void Equal_priorities_leave_in_the_order_they_were_put()
    {
        Run(async () =>
        {
            await Sleep(0);
            var pq = new AsyncPriorityQueue<string>(comparer: Comparer<string>.Create((a, b) => a[0].CompareTo(b[0])));
            foreach (var s in new[] { "b1", "a1", "b2", "a2", "a3", "b3" })
            {
                pq.PutNowait(s);
            }

            var order = Enumerable.Range(0, 6).Select(_ => pq.GetNowait()).ToArray();
            Assert.Equal(["a1", "a2", "a3", "b1", "b2", "b3"], order);
        });
    }

    [Fact]
    public void Priority_tuples_order_by_priority_as_in_python()
    {
        Run(async () =>
        {
            var pq = new AsyncPriorityQueue<(int Priority, string Job)>();
            var getter = CreateTask(async () => await pq.GetAsync());
            await Sleep(0);
            pq.PutNowait((5, "low"));
            pq.PutNowait((1, "urgent"));
            Assert.Equal((1, "urgent"), await getter);
            Assert.Equal((5, "low"), await pq.GetAsync());
        });
    }

    [Fact]
    public void A_priority_queue_of_items_that_cannot_be_compared_is_rejected_at_construction()
    {
        var e = Assert.Throws<ArgumentException>(() => new AsyncPriorityQueue<object>());
        Assert.Contains("IComparable", e.Message);
    }

    [Fact]
    public void Priority_and_lifo_queues_share_the_bounded_and_shutdown_behaviour()
    {
        Run(async () =>
        {
            var lq = new AsyncLifoQueue<int>(1);
            lq.PutNowait(1);
            Assert.Throws<QueueFull>(() => lq.PutNowait(2));
            lq.Shutdown(immediate: true);
            Assert.True(lq.Empty);
            await Assert.ThrowsAsync<QueueShutDown>(async () => await lq.GetAsync());
            Assert.StartsWith("<AsyncLifoQueue", lq.ToString());
        });
    }
}
