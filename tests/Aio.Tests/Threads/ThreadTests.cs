using static Aio.Asyncio;

namespace Aio.Tests.Threads;

public class ThreadTests
{
    [Fact]
    public void ToThread_runs_off_the_loop_and_the_result_returns_to_the_loop_thread()
    {
        Run(async () =>
        {
            var loopThread = Environment.CurrentManagedThreadId;
            var workerThread = await ToThread(() => Environment.CurrentManagedThreadId);
            Assert.NotEqual(loopThread, workerThread);
            Assert.Equal(loopThread, Environment.CurrentManagedThreadId);
        });
    }

    [Fact]
    public void ToThread_sees_async_locals_of_the_caller()
    {
        var local = new AsyncLocal<string>();
        Assert.Equal("from task", Run(async () =>
        {
            local.Value = "from task";
            return await ToThread(() => local.Value);
        }));
    }

    [Fact]
    public void Cancelling_the_waiting_task_abandons_the_result_but_the_function_runs_to_its_end()
    {
        using var finished = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        Run(async () =>
        {
            var t = CreateTask(async () => await ToThread(() =>
            {
                release.Wait(TimeSpan.FromSeconds(30));
                finished.Set();
                return 1;
            }));
            await Sleep(0.01);
            t.Cancel();
            await Assert.ThrowsAsync<CancelledError>(async () => await t);
            Assert.False(finished.IsSet);
            release.Set();
        });
        Assert.True(finished.IsSet);
    }

    [Fact]
    public void The_cooperative_overload_sees_its_token_cancelled_when_the_wait_is_abandoned()
    {
        Run(async () =>
        {
            var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var observed = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            var t = CreateTask(async () => await ToThread(ct =>
            {
                started.TrySetResult();
                try
                {
                    observed.TrySetResult(ct.WaitHandle.WaitOne(TimeSpan.FromSeconds(30)));
                }
                catch (Exception e)
                {
                    observed.TrySetException(e);
                }

                return 0;
            }));

            // Cancelled before the executor picks the job up, the function would never run at all (as with
            // concurrent.futures); the test is about a function that is already running.
            await started.Task;
            t.Cancel();
            await Assert.ThrowsAsync<CancelledError>(async () => await t);
            Assert.True(await observed.Task);
        });
    }

    [Fact]
    public void The_cooperative_overload_keeps_its_token_usable_after_the_wait_is_abandoned()
    {
        Run(async () =>
        {
            var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using var proceed = new ManualResetEventSlim();
            var seen = new TaskCompletionSource<(bool Cancelled, bool Signalled, bool CallbackRan)>(
                TaskCreationOptions.RunContinuationsAsynchronously);
            var t = CreateTask(async () => await ToThread(ct =>
            {
                started.TrySetResult();
                proceed.Wait();
                try
                {
                    var callbackRan = false;
                    using (ct.Register(() => callbackRan = true))
                    {
                        seen.TrySetResult((ct.IsCancellationRequested, ct.WaitHandle.WaitOne(0), callbackRan));
                    }
                }
                catch (Exception e)
                {
                    seen.TrySetException(e);
                }

                return 0;
            }));

            try
            {
                await started.Task;
                t.Cancel();
                await Assert.ThrowsAsync<CancelledError>(async () => await t);
            }
            finally
            {
                // The wait is over and its token cancelled; only now does the function touch the token.
                proceed.Set();
            }

            Assert.Equal((true, true, true), await seen.Task);
        });
    }

    [Fact]
    public void RunCoroutineThreadsafe_lets_a_foreign_thread_submit_work_and_get_its_result()
    {
        Run(async () =>
        {
            var loop = GetRunningLoop();
            var loopThread = Environment.CurrentManagedThreadId;
            var (value, ranOn) = await ToThread(() =>
                RunCoroutineThreadsafe(
                    async () =>
                    {
                        await Sleep(0.01);
                        return (3, Environment.CurrentManagedThreadId);
                    },
                    loop).GetAwaiter().GetResult());
            Assert.Equal(3, value);
            Assert.Equal(loopThread, ranOn);
        });
    }

    [Fact]
    public void Cancelling_the_token_of_RunCoroutineThreadsafe_cancels_the_task_on_the_loop()
    {
        Run(async () =>
        {
            var loop = GetRunningLoop();
            var cancelledOnLoop = new Future<bool>();
            var outcome = await ToThread(() =>
            {
                using var cts = new CancellationTokenSource();
                var task = RunCoroutineThreadsafe(
                    async () =>
                    {
                        try
                        {
                            await Sleep(30);
                        }
                        catch (CancelledError)
                        {
                            cancelledOnLoop.SetResult(true);
                            throw;
                        }
                    },
                    loop,
                    cts.Token);
                Thread.Sleep(20);
                cts.Cancel();
                try
                {
                    task.GetAwaiter().GetResult();
                    return "completed";
                }
                catch (OperationCanceledException)
                {
                    return "cancelled";
                }
            });
            Assert.Equal("cancelled", outcome);
            Assert.True(await cancelledOnLoop);
        });
    }

    [Fact]
    public void RunInExecutor_after_the_default_executor_shut_down_is_an_error()
    {
        Run(async () =>
        {
            var loop = GetRunningLoop();
            await loop.ShutdownDefaultExecutorAsync();
            var e = Assert.Throws<InvalidOperationException>(() => loop.RunInExecutor(null, () => 1));
            Assert.Equal("Executor shutdown has been called", e.Message);
        });
    }

    [Fact]
    public void A_replaced_default_executor_runs_the_work_with_its_own_limit()
    {
        Run(async () =>
        {
            var loop = GetRunningLoop();
            using var single = new ThreadPoolExecutor(1);
            loop.SetDefaultExecutor(single);
            var running = 0;
            var maxSeen = 0;
            var gate = new object();
            int Work()
            {
                lock (gate)
                {
                    running++;
                    maxSeen = Math.Max(maxSeen, running);
                }

                Thread.Sleep(5);
                lock (gate)
                {
                    running--;
                }

                return 1;
            }

            var results = await Gather(ToThread(Work), ToThread(Work), ToThread(Work));
            Assert.Equal([1, 1, 1], results);
            Assert.Equal(1, maxSeen);
        });
    }

    [Fact]
    public async Task ThreadPoolExecutor_refuses_work_after_shutdown_and_rejects_a_bad_size()
    {
        var ex = new ThreadPoolExecutor(2);
        Assert.Equal(3, await ex.Submit(() => 3));
        await ex.ShutdownAsync();
        Assert.Throws<InvalidOperationException>(() => { _ = ex.Submit(() => 1); });
        Assert.Throws<ArgumentOutOfRangeException>(() => new ThreadPoolExecutor(0));
    }
}
