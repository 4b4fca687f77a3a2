using System.Runtime.InteropServices;

namespace Aio;

public sealed partial class EventLoop
{
    private Dictionary<PosixSignal, PosixSignalRegistration>? _signalHandlers;

    /// <summary>
    /// Runs <paramref name="callback"/> on the loop thread (in the loop's context, like a <see cref="CallSoon(Action)"/>
    /// callback) each time the process receives <paramref name="signal"/>, instead of the signal's default action:
    /// asyncio's <c>loop.add_signal_handler()</c>. Replaces an earlier handler for the same signal. Besides the
    /// named <see cref="PosixSignal"/> values, raw signal numbers can be cast on Unix (e.g. <c>(PosixSignal)10</c>).
    /// Once the loop is closed, the signal's default action applies again. Loop thread only.
    /// </summary>
    /// <exception cref="InvalidOperationException">SIGKILL or SIGSTOP, which cannot be caught, or the loop is closed.</exception>
    /// <exception cref="PlatformNotSupportedException">The platform cannot handle this signal.</exception>
    public void AddSignalHandler(PosixSignal signal, Action callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        CheckNotClosed();
        CheckThread();
        if ((int)signal is 9 or 19 && OperatingSystem.IsLinux())
        {
            throw new InvalidOperationException($"sig {(int)signal} cannot be caught");
        }

        var registration = PosixSignalRegistration.Create(signal, context =>
        {
            if (_closed)
            {
                return;
            }

            context.Cancel = true;
            PostFromAnyThread(callback, null, BaseContext);
        });
        RemoveSignalHandler(signal);
        (_signalHandlers ??= [])[signal] = registration;
    }

    /// <summary>
    /// Removes the handler for <paramref name="signal"/>, restoring its default action; returns whether there was one:
    /// asyncio's <c>loop.remove_signal_handler()</c>. Loop thread only.
    /// </summary>
    public bool RemoveSignalHandler(PosixSignal signal)
    {
        CheckThread();
        if (_signalHandlers is null || !_signalHandlers.Remove(signal, out var registration))
        {
            return false;
        }

        registration.Dispose();
        return true;
    }

    /// <summary>Removes every signal handler (for closing the loop).</summary>
    internal void RemoveAllSignalHandlers()
    {
        if (_signalHandlers is null)
        {
            return;
        }

        foreach (var registration in _signalHandlers.Values)
        {
            registration.Dispose();
        }

        _signalHandlers.Clear();
    }
}
