using static Aio.Asyncio;

namespace Aio.Tests.Sync;

public class EventTests
{
    [Fact]
    public void Waiting_on_a_set_event_returns_at_once()
    {
        Run(async () =>
        {
            var ev = new AsyncEvent();
            ev.Set();
            var wait = ev.WaitAsync();
            Assert.True(wait.IsCompletedSuccessfully);
            await wait;
            Assert.True(ev.IsSet);
        });
    }

    [Fact]
    public void Asyncio_scenario_set_then_clear_before_the_waiters_run_still_wakes_them_all()
    {
        var woken = new List<int>();
        Run(async () =>
        {
            var ev = new AsyncEvent();
            var ts = Enumerable.Range(0, 3).Select(i => CreateTask(async () =>
            {
                await ev.WaitAsync();
                woken.Add(i);
            })).ToArray();
            await Sleep(0);
            Assert.Equal(3, ev.Statistics().Waiting);
            ev.Set();
            ev.Clear();
            await Sleep(0);
            Assert.False(ev.IsSet);
            Assert.Equal([0, 1, 2], woken);
            foreach (var t in ts)
            {
                await t;
            }
        });
        Assert.Equal([0, 1, 2], woken);
    }

    [Fact]
    public void A_cancelled_wait_leaves_and_the_others_are_still_woken()
    {
        Run(async () =>
        {
            var ev = new AsyncEvent();
            var a = CreateTask(async () => { await ev.WaitAsync(); });
            var b = CreateTask(async () => { await ev.WaitAsync(); });
            await Sleep(0);
            a.Cancel();
            await Sleep(0);
            Assert.Equal(new EventStatistics(false, 1), ev.Statistics());
            ev.Set();
            Assert.Equal("cancelled", await Outcomes.Of(a));
            Assert.Equal("ok", await Outcomes.Of(b));
        });
    }

    [Fact]
    public void A_waiter_woken_and_cancelled_before_it_runs_raises_cancelled_error()
    {
        Run(async () =>
        {
            var ev = new AsyncEvent();
            var a = CreateTask(async () => { await ev.WaitAsync(); });
            await Sleep(0);
            ev.Set();
            a.Cancel();
            Assert.Equal("cancelled", await Outcomes.Of(a));
        });
    }

    [Fact]
    public void A_cancelled_token_interrupts_a_wait()
    {
        Run(async () =>
        {
            var ev = new AsyncEvent();
            using var cts = new CancellationTokenSource();
            var wait = ev.WaitAsync(cts.Token);
            cts.Cancel();
            await Assert.ThrowsAsync<CancelledError>(async () => await wait);
            Assert.Contains("unset", ev.ToString());
        });
    }
}
