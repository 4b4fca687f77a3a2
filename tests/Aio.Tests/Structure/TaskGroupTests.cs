using static Aio.Asyncio;

namespace Aio.Tests.Structure;

public class TaskGroupTests
{
    private static async Task Crash(double delay, Exception e)
    {
        await Sleep(delay);
        throw e;
    }

    private static async Task Sleeper(string name, List<string> log)
    {
        try
        {
            await Sleep(10);
        }
        catch (CancelledError)
        {
            log.Add($"{name} cancelled");
            throw;
        }
    }

    [Fact]
    public void The_group_waits_for_its_tasks_and_hands_back_their_results()
    {
        Run(async () =>
        {
            AioTask<int>? a = null;
            AioTask<int>? b = null;
            await TaskGroup.RunAsync(tg =>
            {
                a = tg.CreateTask(() => Sleep(0.02, 1).AsTask());
                b = tg.CreateTask(() => Sleep(0.01, 2).AsTask());
                return Task.CompletedTask;
            });
            Assert.Equal(1, a!.Result);
            Assert.Equal(2, b!.Result);
        });
    }

    [Fact]
    public void Two_failures_are_reported_together_and_the_third_task_and_the_body_are_cancelled()
    {
        var log = new List<string>();
        Run(async () =>
        {
            var eg = await Assert.ThrowsAsync<ExceptionGroup>(() => TaskGroup.RunAsync(async tg =>
            {
                tg.StartSoon(() => Crash(0.01, new InvalidOperationException("v")));
                tg.StartSoon(() => Crash(0.01, new KeyNotFoundException("k")));
                tg.StartSoon(() => Sleeper("sibling", log));
                await Sleeper("body", log);
            }));
            Assert.Equal("unhandled errors in a TaskGroup", eg.GroupMessage);
            Assert.Collection(
                eg.Exceptions,
                e => Assert.Equal("v", Assert.IsType<InvalidOperationException>(e).Message),
                e => Assert.Equal("k", Assert.IsType<KeyNotFoundException>(e).Message));
            Assert.Equal(0, CurrentTask()!.Cancelling());
        });
        Assert.Equal(["sibling cancelled", "body cancelled"], log.OrderByDescending(x => x.StartsWith("sibling")).ToList());
        Assert.Equal(2, log.Count);
    }

    [Fact]
    public void A_failing_body_cancels_the_tasks_and_is_reported_in_the_group()
    {
        var log = new List<string>();
        Run(async () =>
        {
            var eg = await Assert.ThrowsAsync<ExceptionGroup>(() => TaskGroup.RunAsync(async tg =>
            {
                tg.StartSoon(() => Sleeper("child", log));
                await Sleep(0);
                throw new FormatException("body");
            }));
            Assert.IsType<FormatException>(Assert.Single(eg.Exceptions));
        });
        Assert.Equal(["child cancelled"], log);
    }

    [Fact]
    public void Nested_group_failures_nest_in_the_exception_group()
    {
        Run(async () =>
        {
            var eg = await Assert.ThrowsAsync<ExceptionGroup>(() => TaskGroup.RunAsync(async outer =>
            {
                outer.StartSoon(() => Sleep(10).AsTask());
                await TaskGroup.RunAsync(inner =>
                {
                    inner.CreateTask(() => Crash(0.01, new DivideByZeroException()));
                    return Task.CompletedTask;
                });
            }));
            var nested = Assert.IsType<ExceptionGroup>(Assert.Single(eg.Exceptions));
            Assert.IsType<DivideByZeroException>(Assert.Single(nested.Exceptions));
            Assert.True(eg.Contains<DivideByZeroException>());
        });
    }

    [Fact]
    public void External_cancellation_cancels_every_task_and_propagates_as_cancellation()
    {
        var log = new List<string>();
        Run(async () =>
        {
            var r = CreateTask(() => TaskGroup.RunAsync(tg =>
            {
                for (var i = 0; i < 3; i++)
                {
                    var n = i;
                    tg.CreateTask(() => Sleeper($"{n}", log));
                }

                return Task.CompletedTask;
            }));
            await Sleep(0.01);
            r.Cancel();
            await Assert.ThrowsAsync<CancelledError>(async () => await r);
            Assert.True(r.Cancelled);
        });
        Assert.Equal(["0 cancelled", "1 cancelled", "2 cancelled"], log.Order());
    }

    [Fact]
    public void Creating_tasks_after_exit_or_while_shutting_down_is_refused()
    {
        Run(async () =>
        {
            TaskGroup? group = null;
            Exception? whileAborting = null;
            await Assert.ThrowsAsync<ExceptionGroup>(() => TaskGroup.RunAsync(async tg =>
            {
                group = tg;
                tg.StartSoon(() => Crash(0, new InvalidOperationException()));
                try
                {
                    await Sleep(1);
                }
                catch (CancelledError)
                {
                    whileAborting = Record.Exception(() => tg.CreateTask(() => Task.CompletedTask));
                    throw;
                }
            }));
            Assert.Contains("is shutting down", Assert.IsType<InvalidOperationException>(whileAborting).Message);
            var e = Assert.Throws<InvalidOperationException>(() => group!.CreateTask(() => Task.CompletedTask));
            Assert.Contains("is finished", e.Message);
        });
    }

    [Fact]
    public void Nested_groups_both_failing_leave_the_cancel_count_at_zero()
    {
        Run(async () =>
        {
            var between = -1;
            await Assert.ThrowsAsync<ExceptionGroup>(() => TaskGroup.RunAsync(async outer =>
            {
                try
                {
                    await TaskGroup.RunAsync(inner =>
                    {
                        inner.CreateTask(() => Crash(0, new InvalidOperationException()));
                        outer.CreateTask(() => Crash(0, new FormatException()));
                        return Task.CompletedTask;
                    });
                }
                catch (ExceptionGroup eg) when (eg.Contains<InvalidOperationException>())
                {
                }

                between = CurrentTask()!.Cancelling();
            }));
            Assert.Equal(0, between);
            Assert.Equal(0, CurrentTask()!.Cancelling());
        });
    }

    [Fact]
    public void An_external_cancel_during_the_groups_error_handling_is_not_lost()
    {
        Run(async () =>
        {
            var started = new Future<bool>();
            var t = CreateTask(async () =>
            {
                try
                {
                    await TaskGroup.RunAsync(async tg =>
                    {
                        tg.StartSoon(async () =>
                        {
                            started.SetResult(true);
                            await Sleep(0);
                            throw new InvalidOperationException();
                        });
                        await Sleep(1);
                    });
                }
                catch (ExceptionGroup)
                {
                }

                await Sleep(1);
                return "BUG: external cancel lost";
            });
            await started;
            t.Cancel();
            await Assert.ThrowsAsync<CancelledError>(async () => await t);
        });
    }

    [Fact]
    public void A_task_handle_can_be_cancelled_on_its_own_without_failing_the_group()
    {
        Run(async () =>
        {
            await TaskGroup.RunAsync(async tg =>
            {
                var slow = tg.CreateTask(() => Sleep(10).AsTask());
                var quick = tg.CreateTask(() => Sleep(0.01, 5).AsTask());
                Assert.Equal(5, await quick);
                slow.Cancel();
            });
        });
    }

    [Fact]
    public void The_group_can_be_cancelled_as_a_whole()
    {
        var log = new List<string>();
        Run(async () =>
        {
            await TaskGroup.RunAsync(async tg =>
            {
                tg.StartSoon(() => Sleeper("child", log));
                await Sleep(0);
                tg.Cancel();
                await Sleep(10);
                log.Add("body not cancelled");
            });
        });
        Assert.Equal(["child cancelled"], log);
    }

    [Fact]
    public void A_group_outside_a_task_is_an_error()
    {
        using var loop = new EventLoop();
        Exception? error = null;
        loop.CallSoon(() =>
        {
            error = Record.Exception(() => { _ = TaskGroup.RunAsync(_ => Task.CompletedTask); });
            loop.Stop();
        });
        loop.RunForever();
        Assert.Contains("cannot determine the parent task", Assert.IsType<InvalidOperationException>(error).Message);
    }

    [Fact]
    public void In_a_supervisor_group_a_failure_does_not_cancel_siblings_and_is_reported_at_exit()
    {
        var log = new List<string>();
        Run(async () =>
        {
            var eg = await Assert.ThrowsAsync<ExceptionGroup>(() => SupervisorGroup.RunAsync(async sg =>
            {
                sg.StartSoon(() => Crash(0, new InvalidOperationException("one")));
                sg.StartSoon(async () =>
                {
                    await Sleep(0.02);
                    log.Add("sibling finished");
                });
                await Sleep(0.03);
                log.Add("body finished");
            }));
            Assert.Equal("one", Assert.Single(eg.Exceptions).Message);
        });
        Assert.Equal(["sibling finished", "body finished"], log);
    }

    [Fact]
    public void In_a_supervisor_group_a_failure_that_was_handled_is_not_reported_again()
    {
        Run(async () =>
        {
            await SupervisorGroup.RunAsync(async sg =>
            {
                var bad = sg.CreateTask(() => Crash(0, new InvalidOperationException("handled")));
                var e = await Assert.ThrowsAsync<InvalidOperationException>(async () => await bad);
                Assert.Equal("handled", e.Message);
            });
        });
    }
}
