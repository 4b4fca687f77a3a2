using static Aio.Asyncio;

namespace Aio.Tests.Loop;

public class SmokeTests
{
    [Fact]
    public void Run_returns_main_result_after_sleeps_and_gather()
    {
        var result = Run(async () =>
        {
            await Sleep(0);
            await Sleep(0.01);
            var a = CreateTask(async () => { await Sleep(0.01); return 1; });
            var b = CreateTask(async () => { await Sleep(0.02); return 2; });
            var r = await Gather(a, b);
            return r[0] + r[1];
        });
        Assert.Equal(3, result);
    }

    [Fact]
    public void Cancelling_a_sleeping_task_raises_cancelled_error_in_it()
    {
        var log = new List<string>();
        Run(async () =>
        {
            var t = CreateTask(async () =>
            {
                try
                {
                    await Sleep(10);
                }
                catch (CancelledError)
                {
                    log.Add("cancelled");
                    throw;
                }
            });
            await Sleep(0);
            t.Cancel();
            await Assert.ThrowsAsync<CancelledError>(async () => await t);
            Assert.True(t.Cancelled);
        });
        Assert.Equal(["cancelled"], log);
    }
}
