using Aio.Tests.Sync;

using static Aio.Asyncio;

namespace Aio.Tests.Queues;

public class QueueTests
{
    [Fact]
    public void A_negative_maxsize_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new AsyncQueue<int>(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AsyncPriorityQueue<int>(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AsyncLifoQueue<int>(-1));
    }

    [Fact]
    public void Items_come_out_in_FIFO_order_and_the_counters_follow()
    {
        Run(async () =>
        {
            var q = new AsyncQueue<int>(3);
            Assert.True(q.Empty);
            await q.PutAsync(1);
            q.PutNowait(2);
            await q.PutAsync(3);
            Assert.True(q.Full);
            Assert.Equal(3, q.Count);
            Assert.Equal(3, q.MaxSize);
            var first = await q.GetAsync();
            var second = q.GetNowait();
            var third = await q.GetAsync();
            Assert.Equal([1, 2, 3], new[] { first, second, third });
            Assert.True(q.Empty);
            Assert.Equal(3, q.Unfinished);
        });
    }

    [Fact]
    public void Asyncio_scenario_full_and_empty_nowait_calls_raise_QueueFull_and_QueueEmpty()
    {
        Run(async () =>
        {
            await Sleep(0);
            var q = new AsyncQueue<int>(2);
            q.PutNowait(1);
            q.PutNowait(2);
            Assert.True(q.Full);
            Assert.Throws<QueueFull>(() => q.PutNowait(3));
            Assert.Throws<QueueEmpty>(() => new AsyncQueue<int>().GetNowait());
        });
    }

    [Fact]
    public void Asyncio_scenario_a_getter_cancelled_after_it_was_woken_loses_no_item()
    {
        var log = new List<string>();
        Run(async () =>
        {
            var q = new AsyncQueue<object>();
            var reader = CreateTask(async () => await q.GetAsync());
            await Sleep(0);
            q.PutNowait(1);
            q.PutNowait(2);
            reader.Cancel();
            log.Add($"reader: {await Outcomes.Of(reader)} | qsize: {q.Count} | next get: {await q.GetAsync()}");
            var t1 = CreateTask(async () => await q.GetAsync());
            var t2 = CreateTask(async () => await q.GetAsync());
            await Sleep(0);
            var t3 = CreateTask(async () => await q.GetAsync());
            await Sleep(0);
            q.PutNowait("a");
            t2.Cancel();
            log.Add($"t1 {await Outcomes.Of(t1)} | t2 {await Outcomes.Of(t2)} | t3 {await Outcomes.Of(t3)}");
        });
        Assert.Equal(["reader: cancelled | qsize: 2 | next get: 1", "t1 -> 2 | t2 cancelled | t3 -> a"], log);
    }

    [Fact]
    public void Get_cancelled_while_waiting_loses_no_item()
    {
        Run(async () =>
        {
            var q = new AsyncQueue<int>();
            using var cts = new CancellationTokenSource();
            var byToken = CreateTask(async () => await q.GetAsync(cts.Token));
            var byCancel = CreateTask(async () => await q.GetAsync());
            await Sleep(0);
            cts.Cancel();
            byCancel.Cancel();
            Assert.Equal("cancelled", await Outcomes.Of(byToken));
            Assert.Equal("cancelled", await Outcomes.Of(byCancel));
            q.PutNowait(7);
            Assert.Equal(0, q.Statistics().GettersWaiting);
            Assert.Equal(7, q.GetNowait());
        });
    }

    [Fact]
    public void Getters_are_served_in_FIFO_order()
    {
        Run(async () =>
        {
            var q = new AsyncQueue<int>();
            var getters = Enumerable.Range(0, 4).Select(_ => CreateTask(async () => await q.GetAsync())).ToArray();
            await Sleep(0);
            for (var i = 0; i < 4; i++)
            {
                q.PutNowait(i * 10);
            }

            var got = new List<int>();
            foreach (var g in getters)
            {
                got.Add(await g);
            }

            Assert.Equal([0, 10, 20, 30], got);
        });
    }

    [Fact]
    public void An_item_reserved_for_a_woken_getter_cannot_be_taken_by_GetNowait()
    {
        Run(async () =>
        {
            var q = new AsyncQueue<int>();
            var getter = CreateTask(async () => await q.GetAsync());
            await Sleep(0);
            q.PutNowait(5);
            Assert.Equal(1, q.Count);
            Assert.Throws<QueueEmpty>(() => q.GetNowait());
            Assert.Equal(5, await getter);
        });
    }

    [Fact]
    public void Put_waits_while_full_and_resumes_when_a_slot_frees()
    {
        var log = new List<string>();
        Run(async () =>
        {
            var q = new AsyncQueue<int>(1);
            await q.PutAsync(1);
            var putter = CreateTask(async () =>
            {
                await q.PutAsync(2);
                log.Add("put 2");
            });
            await Sleep(0);
            Assert.Equal(1, q.Statistics().PuttersWaiting);
            log.Add($"got {await q.GetAsync()}");
            await putter;
            log.Add($"got {await q.GetAsync()}");
        });
        Assert.Equal(["got 1", "put 2", "got 2"], log);
    }

    [Fact]
    public void A_cancelled_put_never_inserts_its_item()
    {
        Run(async () =>
        {
            var q = new AsyncQueue<int>(1);
            q.PutNowait(1);
            var waiting = CreateTask(async () => await q.PutAsync(2));
            var woken = CreateTask(async () => await q.PutAsync(3));
            var next = CreateTask(async () => await q.PutAsync(4));
            await Sleep(0);
            waiting.Cancel();
            await Sleep(0);
            Assert.Equal(1, q.GetNowait());
            woken.Cancel();
            Assert.Equal("cancelled", await Outcomes.Of(waiting));
            Assert.Equal("cancelled", await Outcomes.Of(woken));
            Assert.Equal("ok", await Outcomes.Of(next));
            Assert.Equal(4, q.GetNowait());
            Assert.True(q.Empty);
            Assert.Equal(2, q.Unfinished);
        });
    }

    [Fact]
    public void Asyncio_scenario_join_waits_for_every_task_done_and_extra_task_done_throws()
    {
        var done = new List<int>();
        Run(async () =>
        {
            var q = new AsyncQueue<int>(2);
            q.PutNowait(1);
            q.PutNowait(2);
            var worker = CreateTask(async () =>
            {
                while (true)
                {
                    var item = await q.GetAsync();
                    await Sleep(0);
                    done.Add(item);
                    q.TaskDone();
                }
            });
            await q.PutAsync(3);
            await q.JoinAsync();
            worker.Cancel();
            Assert.Equal([1, 2, 3], done);
            var e = Assert.Throws<InvalidOperationException>(q.TaskDone);
            Assert.Equal("TaskDone() called too many times", e.Message);
            Assert.Equal("cancelled", await Outcomes.Of(worker));
        });
    }

    [Fact]
    public void Join_returns_at_once_when_nothing_is_outstanding_and_can_be_cancelled()
    {
        Run(async () =>
        {
            var q = new AsyncQueue<int>();
            Assert.True(q.JoinAsync().IsCompletedSuccessfully);
            q.PutNowait(1);
            using var cts = new CancellationTokenSource();
            var join = q.JoinAsync(cts.Token);
            cts.Cancel();
            await Assert.ThrowsAsync<CancelledError>(async () => await join);
        });
    }

    [Fact]
    public void Await_foreach_reads_until_the_queue_is_shut_down_and_drained()
    {
        var seen = new List<int>();
        Run(async () =>
        {
            var q = new AsyncQueue<int>(2);
            var consumer = CreateTask(async () =>
            {
                await foreach (var item in q)
                {
                    seen.Add(item);
                    q.TaskDone();
                }
            });
            for (var i = 0; i < 5; i++)
            {
                await q.PutAsync(i);
            }

            q.Shutdown();
            await consumer;
            await q.JoinAsync();
        });
        Assert.Equal([0, 1, 2, 3, 4], seen);
    }

    [Fact]
    public void Statistics_and_the_debugger_display_describe_the_queue()
    {
        Run(async () =>
        {
            var q = new AsyncQueue<string>(4);
            q.PutNowait("a");
            var getter = CreateTask(async () => { await Sleep(0); return await q.GetAsync(); });
            Assert.Equal(new QueueStatistics(1, 4, 0, 0, 1, false), q.Statistics());
            Assert.Equal("<AsyncQueue maxsize=4 count=1 getters=0 putters=0 unfinished=1>", q.ToString());
            Assert.Equal("a", await getter);
        });
    }

    [Fact]
    public void Use_from_a_foreign_thread_throws_a_clear_error()
    {
        Run(async () =>
        {
            var q = new AsyncQueue<int>();
            var error = await Task.Run(() => Record.Exception(() => q.PutNowait(1)));
            Assert.IsType<InvalidOperationException>(error);
            Assert.Equal(0, q.Count);
        });
    }
}
