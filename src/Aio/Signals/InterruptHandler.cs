using System.Runtime.InteropServices;

namespace Aio;

/// <summary>
/// Ctrl+C for a running main task, as <c>asyncio.run()</c> does it: the first SIGINT cancels the main task (its
/// finally blocks run), a second one, arriving before the first was handled or while shutdown is stuck, takes the
/// default action at once (the process ends with status 130). Counting happens on the signal thread, so a
/// blocked loop cannot swallow the second Ctrl+C.
/// </summary>
internal sealed class InterruptHandler : IDisposable
{
    private readonly PosixSignalRegistration _registration;
    private int _count;

    private InterruptHandler(EventLoop loop, Func<AioTask?> mainTask, PosixSignal signal)
    {
        _registration = PosixSignalRegistration.Create(signal, context =>
        {
            if (Interlocked.Increment(ref _count) > 1 || loop.IsClosed)
            {
                return;
            }

            context.Cancel = true;
            loop.PostFromAnyThread(
                new Action(() =>
                {
                    if (mainTask() is { Done: false } task)
                    {
                        task.Cancel("interrupted");
                    }
                }),
                null,
                loop.BaseContext);
        });
    }

    /// <summary>Whether the signal arrived (the runner then reports an interruption, exit code 130).</summary>
    internal bool Interrupted => Volatile.Read(ref _count) > 0;

    /// <summary>Installs the handler for <paramref name="signal"/> (SIGINT unless a test picks a harmless one).</summary>
    internal static InterruptHandler Install(EventLoop loop, Func<AioTask?> mainTask, PosixSignal signal = PosixSignal.SIGINT) =>
        new(loop, mainTask, signal);

    public void Dispose() => _registration.Dispose();
}
