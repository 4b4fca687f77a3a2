using static Aio.Asyncio;

namespace Aio.Tests.Combinators;

public class ShieldTests
{
    [Fact]
    public void A_cancelled_caller_gets_cancelled_error_while_the_shielded_work_finishes()
    {
        var log = new List<string>();
        Run(async () =>
        {
            var inner = CreateTask(async () =>
            {
                await Sleep(0.05);
                log.Add("important finished");
                return "ok";
            });
            var caller = CreateTask(async () => await Shield(inner));
            await Sleep(0.01);
            caller.Cancel();
            await Assert.ThrowsAsync<CancelledError>(async () => await caller);
            Assert.False(inner.Done);
            Assert.Equal("ok", await inner);
        });
        Assert.Equal(["important finished"], log);
    }

    [Fact]
    public void Cancelling_the_inner_work_cancels_the_shield()
    {
        Run(async () =>
        {
            var inner = CreateTask(() => Sleep(10).AsTask());
            var outer = Shield(inner);
            await Sleep(0);
            inner.Cancel();
            await Assert.ThrowsAsync<CancelledError>(async () => await outer);
            Assert.True(outer.Cancelled);
        });
    }

    [Fact]
    public void Shielding_finished_work_returns_it_unchanged()
    {
        Run(async () =>
        {
            var f = new Future<int>();
            f.SetResult(3);
            Assert.Same(f, Shield(f));
            await Sleep(0);
        });
    }
}
