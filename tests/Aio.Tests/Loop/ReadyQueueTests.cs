namespace Aio.Tests.Loop;

public class ReadyQueueTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(1023)]
    [InlineData(1024)]
    [InlineData(1025)]
    [InlineData(5000)]
    public void Entries_come_out_in_the_order_they_went_in_across_segment_boundaries(int n)
    {
        var q = new ReadyQueue();
        var items = Enumerable.Range(0, n).Select(i => (object)i).ToArray();
        foreach (var item in items)
        {
            q.Enqueue(item, null, null);
        }

        Assert.Equal(n, q.Count);
        foreach (var item in items)
        {
            Assert.Same(item, q.Dequeue().Callback);
        }

        Assert.Equal(0, q.Count);
    }

    [Fact]
    public void Interleaved_enqueues_and_dequeues_keep_fifo_order_while_segments_are_recycled()
    {
        var q = new ReadyQueue();
        var next = 0;
        var expected = 0;
        var random = new Random(7);
        for (var round = 0; round < 2000; round++)
        {
            for (var i = random.Next(0, 3000); i > 0; i--)
            {
                q.Enqueue(next, next, null);
                next++;
            }

            for (var i = random.Next(0, q.Count + 1); i > 0; i--)
            {
                var e = q.Dequeue();
                Assert.Equal(expected, (int)e.Callback);
                Assert.Equal(expected, (int)e.State!);
                expected++;
            }

            Assert.Equal(next - expected, q.Count);
        }
    }

    [Fact]
    public void Clear_empties_the_queue_and_it_works_again_afterwards()
    {
        var q = new ReadyQueue();
        for (var i = 0; i < 3000; i++)
        {
            q.Enqueue(i, null, null);
        }

        q.Dequeue();
        q.Clear();
        Assert.Equal(0, q.Count);
        for (var i = 0; i < 2100; i++)
        {
            q.Enqueue(i, null, null);
        }

        for (var i = 0; i < 2100; i++)
        {
            Assert.Equal(i, (int)q.Dequeue().Callback);
        }
    }
}
