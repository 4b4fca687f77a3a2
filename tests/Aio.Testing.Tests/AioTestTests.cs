using static Aio.Asyncio;

namespace Aio.Testing.Tests;

public class AioTestTests
{
    [Fact]
    public void A_test_that_leaves_a_task_running_fails_and_names_it()
    {
        var e = Assert.Throws<AioTestException>(() => AioTest.Run(async () =>
        {
            _ = CreateTask(() => Sleep(10).AsTask(), "forgotten");
            await Sleep(0);
        }));
        Assert.Contains("forgotten", e.Message);
    }

    [Fact]
    public void A_task_error_nobody_retrieved_fails_the_test()
    {
        var e = Assert.Throws<AioTestException>(() => AioTest.Run(async () =>
        {
            _ = CreateTask(() => throw new FormatException("lost"), "loser");
            await Sleep(0);
            await Sleep(0);
        }));
        Assert.Contains("loser", e.Message);
        Assert.Contains("lost", e.Message);
    }

    [Fact]
    public void An_error_reported_to_the_loop_fails_the_test()
    {
        var e = Assert.Throws<AioTestException>(() => AioTest.Run(async () =>
        {
            GetRunningLoop().CallSoon(() => throw new InvalidOperationException("in a callback"));
            await Sleep(0);
            await Sleep(0);
        }));
        Assert.Contains("in a callback", e.Message);
    }

    [Fact]
    public void A_clean_test_passes_and_returns_its_value()
    {
        Assert.Equal(3, AioTest.Run(async () =>
        {
            var t = CreateTask(() => Sleep(5, 3).AsTask());
            return await t;
        }));
    }

    [Fact]
    public void A_handled_task_error_does_not_fail_the_test()
    {
        AioTest.Run(async () =>
        {
            var t = CreateTask(() => throw new FormatException("seen"));
            await Assert.ThrowsAsync<FormatException>(async () => await t);
        });
    }
}
