using System.Runtime.InteropServices;
using static Aio.Asyncio;

namespace Aio.Tests.Signals;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public class SignalTests
{
    // SIGWINCH's default action is to ignore it, so a test that goes wrong cannot end the test process.
    private const PosixSignal Harmless = PosixSignal.SIGWINCH;

    private static void Raise(PosixSignal signal) => NativeSignals.Kill(Environment.ProcessId, signal switch
    {
        PosixSignal.SIGWINCH => 28,
        _ => throw new ArgumentOutOfRangeException(nameof(signal)),
    });

    [Fact]
    public void Signal_handler_runs_as_a_loop_callback_until_removed()
    {
        var log = Run(() => Timeout(60, async () =>
        {
            var loop = GetRunningLoop();
            var calls = new List<string>();
            var got = new Future<bool>();
            var loopThread = Environment.CurrentManagedThreadId;
            loop.AddSignalHandler(Harmless, () =>
            {
                calls.Add(Environment.CurrentManagedThreadId == loopThread && AioTask.Current is null ? "on loop" : "elsewhere");
                got.TrySetResult(true);
            });
            Raise(Harmless);
            await got;
            Assert.True(loop.RemoveSignalHandler(Harmless));
            Assert.False(loop.RemoveSignalHandler(Harmless));
            return calls;
        }));
        Assert.Equal(["on loop"], log);
    }

    [Fact]
    public void Adding_a_handler_again_replaces_the_first()
    {
        var log = Run(() => Timeout(60, async () =>
        {
            var loop = GetRunningLoop();
            var calls = new List<string>();
            var got = new Future<bool>();
            loop.AddSignalHandler(Harmless, () => calls.Add("first"));
            loop.AddSignalHandler(Harmless, () => { calls.Add("second"); got.TrySetResult(true); });
            Raise(Harmless);
            await got;
            loop.RemoveSignalHandler(Harmless);
            return calls;
        }));
        Assert.Equal(["second"], log);
    }

    [Fact]
    public void Uncatchable_signal_and_wrong_thread_are_errors()
    {
        Run(async () =>
        {
            var loop = GetRunningLoop();
            Assert.Throws<InvalidOperationException>(() => loop.AddSignalHandler((PosixSignal)9, () => { }));
            var e = await ToThread(() => Record.Exception(() => loop.AddSignalHandler(Harmless, () => { })));
            Assert.IsType<InvalidOperationException>(e);
        });
    }

    [Fact]
    public void Interrupt_handler_cancels_the_main_task_once()
    {
        var outcome = Run(() => Timeout(60, async () =>
        {
            var loop = GetRunningLoop();
            var finallyRan = false;
            var main = CreateTask(async () =>
            {
                try
                {
                    await Sleep(3600);
                }
                finally
                {
                    finallyRan = true;
                }
            });
            using var interrupt = InterruptHandler.Install(loop, () => main, Harmless);
            Assert.False(interrupt.Interrupted);
            await Sleep(0);
            Raise(Harmless);
            await Assert.ThrowsAsync<CancelledError>(async () => await main);
            return (interrupt.Interrupted, finallyRan, main.Cancelled);
        }));
        Assert.Equal((true, true, true), outcome);
    }

    [Fact]
    public void The_first_interrupt_cancels_the_main_task_runs_its_finally_blocks_and_surfaces_as_KeyboardInterrupt()
    {
        var finallyRan = false;
        using var runner = new Runner { InterruptSignal = Harmless };
        var e = Assert.Throws<KeyboardInterrupt>(() => runner.Run(async () =>
        {
            try
            {
                await Sleep(0);
                Raise(Harmless);
                await Sleep(3600);
            }
            finally
            {
                finallyRan = true;
            }
        }));
        Assert.True(finallyRan);
        Assert.IsType<CancelledError>(e.InnerException);
    }
}
