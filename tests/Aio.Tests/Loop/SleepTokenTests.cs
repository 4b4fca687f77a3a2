using static Aio.Asyncio;

namespace Aio.Tests.Loop;

public class SleepTokenTests
{
    [Fact]
    public void A_sleep_ends_with_a_cancelled_error_when_its_token_is_cancelled_from_another_thread()
    {
        Run(async () =>
        {
            using var cts = new CancellationTokenSource();
            _ = Task.Run(async () =>
            {
                await Task.Delay(20);
                cts.Cancel();
            });
            var e = await Assert.ThrowsAsync<CancelledError>(async () => await Sleep(30, cts.Token));
            Assert.Null(e.CancelMessage);
        });
    }

    [Fact]
    public void A_sleep_with_a_token_already_cancelled_fails_with_a_cancelled_error()
    {
        Run(async () =>
        {
            await Assert.ThrowsAsync<CancelledError>(async () => await Sleep(3600, new CancellationToken(canceled: true)));
        });
    }

    [Fact]
    public void Cancelling_the_token_of_a_finished_sleep_does_not_reach_the_waits_that_come_after()
    {
        Run(async () =>
        {
            using var cts = new CancellationTokenSource();
            await Sleep(0.001, cts.Token);
            var later = Sleep(0.05);
            cts.Cancel();
            await later;
            await Sleep(0);
        });
    }

    [Fact]
    public void A_task_cancelled_while_it_sleeps_with_a_token_ends_cancelled_once()
    {
        Run(async () =>
        {
            using var cts = new CancellationTokenSource();
            var t = CreateTask(async () => await Sleep(30, cts.Token));
            await Sleep(0);
            t.Cancel("task");
            cts.Cancel();
            var e = await Assert.ThrowsAsync<CancelledError>(async () => await t);
            Assert.Equal("task", e.CancelMessage);
            Assert.True(t.Cancelled);
        });
    }
}
