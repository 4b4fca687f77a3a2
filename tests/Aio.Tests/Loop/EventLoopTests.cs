using static Aio.Asyncio;

namespace Aio.Tests.Loop;

public class EventLoopTests
{
    [Fact]
    public void Callbacks_run_fifo_and_callbacks_scheduled_while_running_wait_for_the_next_iteration()
    {
        using var loop = new EventLoop();
        var order = new List<string>();
        loop.CallSoon(() =>
        {
            order.Add("a");
            loop.CallSoon(() => order.Add("a-child"));
        });
        loop.CallSoon(() => order.Add("b"));
        loop.CallSoon(loop.Stop);
        loop.RunForever();
        Assert.Equal(["a", "b"], order);
        loop.CallSoon(loop.Stop);
        loop.RunForever();
        Assert.Equal(["a", "b", "a-child"], order);
    }

    [Fact]
    public void Timers_with_equal_deadlines_fire_in_scheduling_order()
    {
        using var loop = new EventLoop();
        var order = new List<int>();
        var when = loop.Time() + 0.01;
        for (var i = 0; i < 20; i++)
        {
            var n = i;
            loop.CallAt(when, () => order.Add(n));
        }

        loop.CallAt(when + 0.001, loop.Stop);
        loop.RunForever();
        Assert.Equal(Enumerable.Range(0, 20), order);
    }

    [Fact]
    public void Negative_delays_are_due_at_once_but_still_ordered_by_deadline()
    {
        using var loop = new EventLoop();
        var order = new List<string>();
        loop.CallLater(-1, () => order.Add("a(-1)"));
        loop.CallLater(-2, () => order.Add("b(-2)"));
        loop.CallLater(0.01, loop.Stop);
        loop.RunForever();
        Assert.Equal(["b(-2)", "a(-1)"], order);
    }

    [Fact]
    public void Timers_fire_in_deadline_order_regardless_of_scheduling_order()
    {
        using var loop = new EventLoop();
        var order = new List<double>();

        // One time base for all four: with CallLater, a preemption between two calls on a loaded machine would
        // shift the later deadlines and reorder them.
        var start = loop.Time();
        foreach (var d in new[] { 0.03, 0.01, 0.02, 0.0 })
        {
            loop.CallAt(start + d, () => order.Add(d));
        }

        loop.CallLater(0.05, loop.Stop);
        loop.RunForever();
        Assert.Equal([0.0, 0.01, 0.02, 0.03], order);
    }

    [Fact]
    public void A_cancelled_handle_or_timer_never_runs()
    {
        using var loop = new EventLoop();
        var ran = new List<string>();
        var h = loop.CallSoon(() => ran.Add("soon"));
        var t = loop.CallLater(0.001, () => ran.Add("timer"));
        h.Cancel();
        t.Cancel();
        t.Cancel();
        loop.CallLater(0.02, loop.Stop);
        loop.RunForever();
        Assert.Empty(ran);
        Assert.True(h.Cancelled);
        Assert.True(t.Cancelled);
    }

    [Fact]
    public void Many_cancelled_timers_are_dropped_and_the_live_ones_still_fire_in_order()
    {
        using var loop = new EventLoop();
        var fired = new List<int>();
        var handles = new List<TimerHandle>();
        var start = loop.Time();
        for (var i = 0; i < 1000; i++)
        {
            var n = i;
            handles.Add(loop.CallAt(start + 0.001 + (i % 50 * 0.0001), () => fired.Add(n)));
        }

        for (var i = 0; i < 1000; i++)
        {
            if (i % 10 != 0)
            {
                handles[i].Cancel();
            }
        }

        loop.CallAt(start + 0.05, loop.Stop);
        loop.RunForever();
        var expected = Enumerable.Range(0, 1000).Where(i => i % 10 == 0).OrderBy(i => i % 50).ThenBy(i => i).ToList();
        Assert.Equal(expected, fired);
    }

    [Fact]
    public void A_cancelled_timer_does_not_move_a_virtual_clock()
    {
        var clock = new Aio.Testing.VirtualClock();
        using var loop = new EventLoop(clock);
        loop.RunUntilComplete(async () =>
        {
            var loop = GetRunningLoop();
            var far = loop.CallLater(600, () => { });
            far.Cancel();
            var woken = new Future<bool>();
            var thread = new Thread(() =>
            {
                Thread.Sleep(50);
                loop.CallSoonThreadsafe(() => woken.SetResult(true));
            });
            thread.Start();
            await woken;
            thread.Join();
        });
        Assert.Equal(TimeSpan.Zero, clock.Elapsed);
    }

    [Fact]
    public void Stop_before_RunForever_runs_exactly_one_iteration()
    {
        using var loop = new EventLoop();
        var ran = new List<int>();
        loop.CallSoon(() =>
        {
            ran.Add(1);
            loop.CallSoon(() => ran.Add(2));
        });
        loop.Stop();
        loop.RunForever();
        Assert.Equal([1], ran);
    }

    [Fact]
    public void CallSoonThreadsafe_from_another_thread_wakes_an_idle_loop()
    {
        using var loop = new EventLoop();
        var thread = new Thread(() =>
        {
            Thread.Sleep(50);
            loop.CallSoonThreadsafe(loop.Stop);
        });
        var guard = loop.CallLater(30, loop.Stop);
        thread.Start();
        loop.RunForever();
        thread.Join();
        Assert.False(guard.Cancelled);
        Assert.True(loop.Time() > 0);
        guard.Cancel();
    }

    [Fact]
    public void A_non_threadsafe_call_from_a_wrong_thread_is_refused_with_a_clear_error()
    {
        Exception? error = null;
        Run(async () =>
        {
            var loop = GetRunningLoop();
            await ToThread(() =>
            {
                try
                {
                    loop.CallSoon(() => { });
                }
                catch (Exception e)
                {
                    error = e;
                }
            });
        });
        var ioe = Assert.IsType<InvalidOperationException>(error);
        Assert.Contains("Non-thread-safe operation", ioe.Message);
        Assert.Contains("CallSoonThreadsafe", ioe.Message);
    }

    [Fact]
    public void An_Aio_wait_made_off_the_loop_is_refused_with_a_clear_error()
    {
        Exception? error = null;
        Run(async () =>
        {
            await Task.Run(async () =>
            {
                try
                {
                    await Sleep(0);
                }
                catch (Exception e)
                {
                    error = e;
                }
            });
        });
        var ioe = Assert.IsType<InvalidOperationException>(error);
        Assert.Contains("RunCoroutineThreadsafe", ioe.Message);
    }

    [Fact]
    public void Exceptions_in_callbacks_go_to_the_handler_and_the_loop_keeps_running()
    {
        using var loop = new EventLoop();
        var seen = new List<string>();
        loop.SetExceptionHandler((_, ctx) => seen.Add(ctx.Message + "|" + ctx.Exception?.Message));
        loop.CallSoon(() => throw new InvalidOperationException("boom"));
        loop.CallSoon(() => seen.Add("after"));
        loop.CallSoon(loop.Stop);
        loop.RunForever();
        Assert.StartsWith("Exception in callback", seen[0]);
        Assert.EndsWith("|boom", seen[0]);
        Assert.Equal("after", seen[1]);
    }

    [Fact]
    public void An_error_inside_the_exception_handler_is_logged_not_propagated()
    {
        using var loop = new EventLoop();
        loop.SetExceptionHandler((_, _) => throw new InvalidOperationException("handler broke"));
        var logger = new Support.ListLogger();
        loop.Logger = logger;
        loop.CallSoon(() => throw new InvalidOperationException("boom"));
        loop.CallSoon(loop.Stop);
        loop.RunForever();
        Assert.Contains("Unhandled error in exception handler", logger.Text);
    }

    [Fact]
    public void Running_a_running_loop_or_a_second_loop_on_the_same_thread_is_an_error()
    {
        using var loop = new EventLoop();
        using var other = new EventLoop();
        Exception? nested = null;
        Exception? second = null;
        loop.CallSoon(() =>
        {
            nested = Record.Exception(loop.RunForever);
            second = Record.Exception(other.RunForever);
            loop.Stop();
        });
        loop.RunForever();
        Assert.Equal("This event loop is already running", Assert.IsType<InvalidOperationException>(nested).Message);
        Assert.Equal("Cannot run the event loop while another loop is running", Assert.IsType<InvalidOperationException>(second).Message);
    }

    [Fact]
    public void A_closed_loop_refuses_scheduling_and_running_and_close_is_idempotent()
    {
        var loop = new EventLoop();
        loop.Close();
        loop.Close();
        Assert.True(loop.IsClosed);
        Assert.Equal("AsyncEvent loop is closed", Assert.Throws<InvalidOperationException>(() => loop.CallSoon(() => { })).Message);
        Assert.Throws<InvalidOperationException>(() => loop.CallLater(1, () => { }));
        Assert.Throws<InvalidOperationException>(() => loop.CallSoonThreadsafe(() => { }));
        Assert.Throws<InvalidOperationException>(loop.RunForever);
        Assert.Throws<InvalidOperationException>(() => loop.CreateTask(() => Task.CompletedTask));
    }

    [Fact]
    public void Closing_a_running_loop_is_an_error()
    {
        using var loop = new EventLoop();
        Exception? error = null;
        loop.CallSoon(() =>
        {
            error = Record.Exception(loop.Close);
            loop.Stop();
        });
        loop.RunForever();
        Assert.Equal("Cannot close a running event loop", Assert.IsType<InvalidOperationException>(error).Message);
    }

    [Fact]
    public void Stop_inside_RunUntilComplete_reports_that_the_future_did_not_complete()
    {
        using var loop = new EventLoop();
        var error = Assert.Throws<InvalidOperationException>(() => loop.RunUntilComplete(async () =>
        {
            GetRunningLoop().Stop();
            await Sleep(0.1);
        }));
        Assert.Equal("AsyncEvent loop stopped before Future completed.", error.Message);
    }

    [Fact]
    public void GetRunningLoop_outside_a_loop_is_an_error()
    {
        Assert.Equal("no running event loop", Assert.Throws<InvalidOperationException>(GetRunningLoop).Message);
    }

    [Fact]
    public void Time_comes_from_the_loops_TimeProvider()
    {
        var clock = new ManualClock();
        using var loop = new EventLoop(clock);
        Assert.Equal(0, loop.Time());
        clock.Advance(TimeSpan.FromSeconds(2.5));
        Assert.Equal(2.5, loop.Time(), 6);
    }

    [Fact]
    public void Awaiting_plain_tasks_and_Task_Yield_resumes_on_the_loop_thread()
    {
        var threads = new List<int>();
        Run(async () =>
        {
            var loopThread = Environment.CurrentManagedThreadId;
            threads.Add(loopThread);
            await Task.Delay(1);
            threads.Add(Environment.CurrentManagedThreadId);
            await Task.Yield();
            threads.Add(Environment.CurrentManagedThreadId);
            await Task.Run(() => Thread.Sleep(1));
            threads.Add(Environment.CurrentManagedThreadId);
            Assert.NotNull(CurrentTask());
        });
        Assert.All(threads, t => Assert.Equal(threads[0], t));
    }

    [Fact]
    public void The_loops_TaskScheduler_runs_tasks_on_the_loop_thread()
    {
        Run(async () =>
        {
            var loop = GetRunningLoop();
            var loopThread = Environment.CurrentManagedThreadId;
            var ran = await Task.Run(() => Task.Factory.StartNew(() => Environment.CurrentManagedThreadId, CancellationToken.None, TaskCreationOptions.None, loop.TaskScheduler));
            Assert.Equal(loopThread, ran);
        });
    }

    private sealed class ManualClock : TimeProvider
    {
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }
}
