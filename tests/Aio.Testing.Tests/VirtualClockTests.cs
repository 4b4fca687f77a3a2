using static Aio.Asyncio;

namespace Aio.Testing.Tests;

public class VirtualClockTests
{
    [Fact]
    public void A_thirty_second_timeout_completes_in_virtual_time()
    {
        AioTest.Run(async clock =>
        {
            await Assert.ThrowsAsync<TimeoutException>(() => Timeout(30, () => Sleep(3600).AsTask()));
            Assert.Equal(TimeSpan.FromSeconds(30), clock.Elapsed);
        });
    }

    [Fact(Timeout = 60_000)]
    public async Task A_one_hour_schedule_of_timeouts_gives_the_same_order_on_every_run()
    {
        static List<string> Once() => AioTest.Run(async clock =>
        {
            var log = new List<string>();
            var rng = new Random(1234);
            await TaskGroup.RunAsync(tg =>
            {
                for (var i = 0; i < 200; i++)
                {
                    var n = i;
                    var work = rng.NextDouble() * 3600;
                    var limit = rng.NextDouble() * 3600;
                    tg.StartSoon(async () =>
                    {
                        try
                        {
                            await Timeout(limit, () => Sleep(work).AsTask());
                            log.Add($"{n} done at {GetRunningLoop().Time():0.000}");
                        }
                        catch (TimeoutException)
                        {
                            log.Add($"{n} timed out at {GetRunningLoop().Time():0.000}");
                        }
                    });
                }

                return Task.CompletedTask;
            });
            Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromHours(1));
            return log;
        });

        var first = await Task.Run(Once);
        Assert.Equal(200, first.Count);
        for (var run = 0; run < 19; run++)
        {
            Assert.Equal(first, await Task.Run(Once));
        }
    }

    [Fact]
    public void The_clock_does_not_jump_while_work_handed_to_a_thread_is_running()
    {
        var order = AioTest.Run(async () =>
        {
            var log = new List<string>();
            var sleeper = CreateTask(async () =>
            {
                await Sleep(10);
                log.Add("virtual sleep done");
            });
            await ToThread(() => Thread.Sleep(50));
            log.Add("thread work done");
            await sleeper;
            return log;
        });
        Assert.Equal(["thread work done", "virtual sleep done"], order);
    }

    [Fact]
    public void Code_written_against_TimeProvider_follows_virtual_time()
    {
        AioTest.Run(async clock =>
        {
            await Task.Delay(TimeSpan.FromHours(1), clock);
            Assert.Equal(TimeSpan.FromHours(1), clock.Elapsed);
            var fired = new List<double>();
            using var timer = clock.CreateTimer(_ => fired.Add(GetRunningLoop().Time()), null, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5));
            await Sleep(16);
            Assert.Equal([3605, 3610, 3615], fired);
        });
    }

    [Fact]
    public void With_auto_jump_off_only_Advance_moves_time()
    {
        AioTest.Run(async clock =>
        {
            clock.AutoJump = false;
            var t = CreateTask(() => Sleep(30).AsTask());
            await Sleep(0);
            await GetRunningLoop().WaitAllTasksBlockedAsync();
            Assert.False(t.Done);
            clock.Advance(TimeSpan.FromSeconds(29));
            await GetRunningLoop().WaitAllTasksBlockedAsync();
            Assert.False(t.Done);
            clock.Advance(TimeSpan.FromSeconds(1));
            await t;
            clock.AutoJump = true;
        });
    }

    [Fact]
    public void WaitAllTasksBlocked_returns_once_every_task_is_waiting()
    {
        AioTest.Run(async () =>
        {
            var progress = 0;
            var t = CreateTask(async () =>
            {
                for (var i = 0; i < 5; i++)
                {
                    progress++;
                    await Sleep(0);
                }

                await Sleep(100);
            });
            await GetRunningLoop().WaitAllTasksBlockedAsync();
            Assert.Equal(5, progress);
            t.Cancel();
            await Assert.ThrowsAsync<CancelledError>(async () => await t);
        });
    }
}
