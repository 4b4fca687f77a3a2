namespace Aio.Tests.Loop;

public class TimerQueueTests
{
    [Fact]
    public void Timers_pop_by_deadline_and_equal_deadlines_in_the_order_they_were_added()
    {
        var q = new TimerQueue();
        var entries = Enumerable.Range(0, 6).Select(i => new Entry(i)).ToArray();
        long[] deadlines = [30, 10, 20, 10, 30, 10];
        for (var i = 0; i < entries.Length; i++)
        {
            q.Add(entries[i], deadlines[i]);
        }

        Assert.Equal([1, 3, 5, 2, 0, 4], PopAll(q));
    }

    [Fact]
    public void A_removed_timer_never_pops_and_is_not_counted()
    {
        var q = new TimerQueue();
        var entries = Enumerable.Range(0, 5).Select(i => new Entry(i)).ToArray();
        for (var i = 0; i < entries.Length; i++)
        {
            q.Add(entries[i], 10 * (i + 1));
        }

        q.Remove(entries[0]);
        q.Remove(entries[3]);
        q.Remove(entries[3]);

        Assert.Equal(3, q.Count);
        Assert.Equal(20, q.PeekWhen);
        Assert.Equal([1, 2, 4], PopAll(q));
        Assert.Equal(0, q.Count);
    }

    [Fact]
    public void A_timer_removed_then_added_again_pops_once_at_its_new_deadline()
    {
        var q = new TimerQueue();
        var moved = new Entry(0);
        var other = new Entry(1);
        q.Add(moved, 10);
        q.Add(other, 20);
        q.Add(new Entry(2), 5);

        q.Remove(moved);
        q.Add(moved, 30);

        Assert.Equal(3, q.Count);
        Assert.Equal([2, 1, 0], PopAll(q));
    }

    [Fact]
    public void The_next_deadline_is_always_a_live_timer_when_removed_ones_sit_above_it()
    {
        var q = new TimerQueue();
        var entries = Enumerable.Range(0, 10).Select(i => new Entry(i)).ToArray();
        for (var i = 0; i < entries.Length; i++)
        {
            q.Add(entries[i], i);
        }

        // The earliest few are removed from below the top first, then the top itself: the top must skip them all.
        for (var i = 4; i >= 0; i--)
        {
            q.Remove(entries[i]);
        }

        Assert.Equal(5, q.Count);
        Assert.Equal(5, q.PeekWhen);
        Assert.Equal([5, 6, 7, 8, 9], PopAll(q));
    }

    [Fact]
    public void Many_removals_rebuild_the_heap_without_changing_what_pops_or_in_which_order()
    {
        var q = new TimerQueue();
        var random = new Random(11);
        var live = new Dictionary<Entry, long>();
        var entries = Enumerable.Range(0, 5000).Select(i => new Entry(i)).ToArray();
        foreach (var e in entries)
        {
            var when = random.Next(0, 1000);
            q.Add(e, when);
            live[e] = when;
        }

        foreach (var e in entries.Where(_ => random.Next(3) != 0))
        {
            q.Remove(e);
            live.Remove(e);
        }

        var expected = live.OrderBy(kv => kv.Value).ThenBy(kv => kv.Key.Id).Select(kv => kv.Key.Id).ToArray();
        Assert.Equal(live.Count, q.Count);
        Assert.Equal(expected, PopAll(q));
    }

    [Fact]
    public void Clearing_unschedules_every_timer_so_each_can_be_added_again()
    {
        var q = new TimerQueue();
        var entries = Enumerable.Range(0, 4).Select(i => new Entry(i)).ToArray();
        foreach (var e in entries)
        {
            q.Add(e, e.Id);
        }

        q.Remove(entries[2]);
        q.Clear();

        Assert.Equal(0, q.Count);
        Assert.All(entries, e => Assert.Equal(-1, ((ITimerEntry)e).TimerKey));
        q.Add(entries[3], 1);
        Assert.Equal([3], PopAll(q));
    }

    private static int[] PopAll(TimerQueue q)
    {
        var popped = new List<int>();
        while (q.Count > 0)
        {
            var e = (Entry)q.Pop();
            Assert.Equal(-1, ((ITimerEntry)e).TimerKey);
            popped.Add(e.Id);
        }

        return [.. popped];
    }

    private sealed class Entry(int id) : ITimerEntry
    {
        public int Id => id;

        long ITimerEntry.TimerKey { get; set; } = -1;

        void ITimerEntry.Fire()
        {
        }
    }
}
