using static Aio.Asyncio;

namespace Aio.Tests.Cancellation;

public class CancelScopeTests
{
    [Fact]
    public void A_cancelled_scope_absorbs_its_own_cancellation_and_reports_it()
    {
        Run(async () =>
        {
            var scope = new CancelScope();
            var after = false;
            await scope.RunAsync(async s =>
            {
                s.Cancel();
                await Sleep(1);
                after = true;
            });
            Assert.False(after);
            Assert.True(scope.CancelCalled);
            Assert.True(scope.CancelledCaught);
        });
    }

    [Fact]
    public void Cancellation_is_level_triggered_inside_the_scope()
    {
        Run(async () =>
        {
            var failures = 0;
            await new CancelScope().RunAsync(async s =>
            {
                s.Cancel();
                for (var i = 0; i < 3; i++)
                {
                    try
                    {
                        await Sleep(0);
                    }
                    catch (CancelledError)
                    {
                        failures++;
                    }
                }
            });
            Assert.Equal(3, failures);
        });
    }

    [Fact]
    public void A_shield_holds_outside_cancellation_until_it_exits()
    {
        var log = new List<string>();
        Run(async () =>
        {
            var t = CreateTask(async () =>
            {
                await new CancelScope(shield: true).RunAsync(async _ =>
                {
                    await Sleep(0.03);
                    log.Add("cleanup finished");
                });
                log.Add("after shield");
                await Sleep(0);
                log.Add("not reached");
            });
            await Sleep(0.005);
            t.Cancel();
            await Assert.ThrowsAsync<CancelledError>(async () => await t);
        });
        Assert.Equal(["cleanup finished", "after shield"], log);
    }

    [Fact]
    public void An_outer_scope_cancel_reaches_waits_in_inner_scopes_and_only_the_outer_one_catches_it()
    {
        Run(async () =>
        {
            var outer = new CancelScope();
            var inner = new CancelScope();
            await outer.RunAsync(async o => await inner.RunAsync(async _ =>
            {
                o.Cancel();
                await Sleep(1);
            }));
            Assert.False(inner.CancelledCaught);
            Assert.True(outer.CancelledCaught);
        });
    }

    [Fact]
    public void The_deadline_can_be_moved_while_the_scope_runs()
    {
        Run(async () =>
        {
            var loop = GetRunningLoop();
            var scope = new CancelScope(loop.Time() + 100);
            await scope.RunAsync(async s =>
            {
                s.Deadline = loop.Time() + 0.01;
                await Sleep(10);
            });
            Assert.True(scope.CancelledCaught);
            Assert.True(scope.DeadlineReached);
        });
    }

    [Fact]
    public void The_effective_deadline_is_the_earliest_up_to_a_shield()
    {
        Run(async () =>
        {
            Assert.Equal(double.PositiveInfinity, CancelScope.CurrentEffectiveDeadline());
            await new CancelScope(1000).RunAsync(async _ =>
            {
                await new CancelScope(2000).RunAsync(async _ =>
                {
                    Assert.Equal(1000, CancelScope.CurrentEffectiveDeadline());
                    await new CancelScope(3000, shield: true).RunAsync(_ =>
                    {
                        Assert.Equal(3000, CancelScope.CurrentEffectiveDeadline());
                        return Task.CompletedTask;
                    });
                    await Sleep(0);
                });
            });
        });
    }

    [Fact]
    public void A_scope_can_be_used_only_once()
    {
        Run(async () =>
        {
            var scope = new CancelScope();
            await scope.RunAsync(_ => Task.CompletedTask);
            await Assert.ThrowsAsync<InvalidOperationException>(() => scope.RunAsync(_ => Task.CompletedTask));
        });
    }

    [Fact]
    public void MoveOnAfter_stops_the_body_without_an_error()
    {
        Run(async () =>
        {
            var scope = await MoveOnAfter(0.01, async _ => await Sleep(10));
            Assert.True(scope.CancelledCaught);
        });
    }

    [Fact]
    public void A_scope_returns_the_bodys_result()
    {
        Assert.Equal(7, Run(() => new CancelScope().RunAsync(async _ =>
        {
            await Sleep(0);
            return 7;
        })));
    }
}
