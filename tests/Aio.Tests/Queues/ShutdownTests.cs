using Aio.Tests.Sync;
using static Aio.Asyncio;

namespace Aio.Tests.Queues;

public class ShutdownTests
{
    [Fact]
    public void Asyncio_scenario_graceful_shutdown_fails_puts_and_drains_gets()
    {
        var log = new List<string>();
        Run(async () =>
        {
            var q = new AsyncQueue<string>();
            q.PutNowait("a");
            var full = new AsyncQueue<int>(1);
            full.PutNowait(0);
            var p = CreateTask(async () => await full.PutAsync(1));
            await Sleep(0);
            q.Shutdown();
            full.Shutdown();
            log.Add(Record.Exception(() => q.PutNowait("b"))?.GetType().Name ?? "none");
            log.Add(await Outcomes.Of(CreateTask(async () => await q.GetAsync())));
            log.Add(await Outcomes.Of(CreateTask(async () => await q.GetAsync())));
            log.Add(await Outcomes.Of(p));
            Assert.Equal(0, full.GetNowait());
        });
        Assert.Equal(["QueueShutDown", "-> a", "QueueShutDown", "QueueShutDown"], log);
    }

    [Fact]
    public void Asyncio_scenario_immediate_shutdown_drops_items_and_releases_join()
    {
        Run(async () =>
        {
            var q = new AsyncQueue<int>();
            q.PutNowait(1);
            q.PutNowait(2);
            var joined = false;
            var j = CreateTask(async () =>
            {
                await q.JoinAsync();
                joined = true;
            });
            await Sleep(0);
            q.Shutdown(immediate: true);
            await Sleep(0);
            Assert.Equal(0, q.Count);
            Assert.True(joined);
            await j;
        });
    }

    [Fact]
    public void Waiting_getters_fail_with_QueueShutDown_when_the_queue_shuts_down()
    {
        Run(async () =>
        {
            var q = new AsyncQueue<int>();
            var getters = Enumerable.Range(0, 3).Select(_ => CreateTask(async () => await q.GetAsync())).ToArray();
            await Sleep(0);
            q.Shutdown();
            foreach (var g in getters)
            {
                Assert.Equal("QueueShutDown", await Outcomes.Of(g));
            }

            await Assert.ThrowsAsync<QueueShutDown>(async () => await q.PutAsync(1));
            Assert.Throws<QueueShutDown>(() => q.GetNowait());
            Assert.True(q.IsShutDown);
        });
    }

    [Fact]
    public void A_getter_woken_with_an_item_fails_if_an_immediate_shutdown_drops_it_before_it_runs()
    {
        Run(async () =>
        {
            var q = new AsyncQueue<int>();
            var g = CreateTask(async () => await q.GetAsync());
            await Sleep(0);
            q.PutNowait(1);
            q.Shutdown(immediate: true);
            Assert.Equal("QueueShutDown", await Outcomes.Of(g));
            Assert.Equal(0, q.Unfinished);
        });
    }

    [Fact]
    public void A_putter_woken_with_a_slot_fails_if_the_queue_shuts_down_before_it_runs()
    {
        Run(async () =>
        {
            var q = new AsyncQueue<int>(1);
            q.PutNowait(1);
            var p = CreateTask(async () => await q.PutAsync(2));
            await Sleep(0);
            Assert.Equal(1, q.GetNowait());
            q.Shutdown();
            Assert.Equal("QueueShutDown", await Outcomes.Of(p));
            Assert.True(q.Empty);
        });
    }

    [Fact]
    public void Shutdown_twice_is_harmless()
    {
        Run(async () =>
        {
            await Sleep(0);
            var q = new AsyncQueue<int>();
            q.Shutdown();
            q.Shutdown(immediate: true);
            Assert.Contains("shutdown", q.ToString());
        });
    }
}
