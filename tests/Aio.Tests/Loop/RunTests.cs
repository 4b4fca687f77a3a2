using System.Runtime.CompilerServices;
using static Aio.Asyncio;

namespace Aio.Tests.Loop;

public class RunTests
{
    [Fact]
    public void Run_returns_the_main_result()
    {
        Assert.Equal(42, Run(async () =>
        {
            await Sleep(0);
            return 42;
        }));
    }

    [Fact]
    public void Run_rethrows_mains_exception_with_its_original_stack()
    {
        var e = Assert.Throws<KeyNotFoundException>(() => Run(Thrower));
        Assert.Contains(nameof(Thrower), e.StackTrace);
    }

    [Fact]
    public void Run_cancels_leftover_tasks_lets_them_await_in_cleanup_and_reports_their_errors()
    {
        var log = new List<string>();
        using var handlerRan = new ManualResetEventSlim();
        var result = Run(async () =>
        {
            GetRunningLoop().SetExceptionHandler((_, ctx) =>
            {
                log.Add($"handler: {ctx.Message}: {ctx.Exception?.Message}");
                handlerRan.Set();
            });
            _ = CreateTask(async () =>
            {
                try
                {
                    await Sleep(10);
                }
                catch (CancelledError)
                {
                    log.Add("leftover: cancelled");
                    await Sleep(0);
                    log.Add("leftover: awaited during cleanup");
                    throw;
                }
                finally
                {
                    log.Add("leftover: finally");
                }
            });
            _ = CreateTask(async () =>
            {
                try
                {
                    await Sleep(10);
                }
                finally
                {
                    throw new InvalidOperationException("error while being cancelled");
                }
            });
            _ = GetRunningLoop().RunInExecutor(null, () =>
            {
                handlerRan.Wait(TimeSpan.FromSeconds(30));
                lock (log)
                {
                    log.Add("executor job finished");
                }
            });
            await Sleep(0);
            return "main result";
        });
        Assert.Equal("main result", result);
        Assert.Equal(
            [
                "leftover: cancelled",
                "leftover: awaited during cleanup",
                "leftover: finally",
                "handler: unhandled exception during Asyncio.Run() shutdown: error while being cancelled",
                "executor job finished",
            ],
            log);
    }

    [Fact]
    public void Run_inside_a_running_loop_is_an_error()
    {
        Exception? error = null;
        Run(async () =>
        {
            error = Record.Exception(() => Run(() => Task.CompletedTask));
            await Sleep(0);
        });
        Assert.Equal("Asyncio.Run() cannot be called from a running event loop", Assert.IsType<InvalidOperationException>(error).Message);
    }

    [Fact]
    public void Runner_runs_several_coroutines_on_one_loop_and_refuses_use_after_close()
    {
        var runner = new Runner();
        var first = runner.Run(async () =>
        {
            await Sleep(0);
            return GetRunningLoop();
        });
        var second = runner.Run(async () =>
        {
            await Sleep(0);
            return GetRunningLoop();
        });
        Assert.Same(first, second);
        Assert.Same(first, runner.GetLoop());
        runner.Close();
        runner.Close();
        Assert.True(first.IsClosed);
        Assert.Equal("Runner is closed", Assert.Throws<InvalidOperationException>(runner.GetLoop).Message);
    }

    [Fact]
    public void Runner_Run_inside_a_running_loop_is_an_error()
    {
        using var inner = new Runner();
        Exception? error = null;
        Run(async () =>
        {
            error = Record.Exception(() => inner.Run(() => Task.CompletedTask));
            await Sleep(0);
        });
        Assert.Equal("Runner.Run() cannot be called from a running event loop", Assert.IsType<InvalidOperationException>(error).Message);
    }

    [Fact]
    public void Debug_mode_reports_a_slow_callback()
    {
        var logger = new Support.ListLogger();
        Run(
            async () =>
            {
                GetRunningLoop().Logger = logger;
                GetRunningLoop().SlowCallbackDuration = TimeSpan.FromMilliseconds(20);
                await CreateTask(
                    () =>
                    {
                        Thread.Sleep(60);
                        return Task.CompletedTask;
                    },
                    "hog");
            },
            debug: true);
        Assert.Contains(logger.Lines, l => l.Contains("hog") && l.Contains("took") && l.Contains("Task created at:") && l.Contains(nameof(Debug_mode_reports_a_slow_callback)));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task<int> Thrower()
    {
        await Sleep(0);
        throw new KeyNotFoundException("missing");
    }
}
