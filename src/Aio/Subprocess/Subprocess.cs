using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Aio;

/// <summary>
/// A child process started by <see cref="Asyncio.CreateSubprocessExec"/> or <see cref="Asyncio.CreateSubprocessShell"/>:
/// asyncio's <c>asyncio.subprocess.Process</c>. Loop thread only. Its pipes are Aio streams; waiting for it is an
/// Aio wait that, when cancelled, leaves the process running (stop it with <see cref="Terminate"/> or
/// <see cref="Kill"/>). The runtime reaps every child it started, so a process nobody waits for leaves no zombie.
/// </summary>
public sealed partial class Subprocess
{
    private const int SigKill = 9;
    private const int SigTerm = 15;

    private readonly EventLoop _loop;
    private readonly Process _process;
    private readonly WaitList _exitWaiters = new();
    private readonly HashSet<int> _signalsSent = [];

    internal Subprocess(EventLoop loop, Process process, AsyncStreamWriter? stdin, AsyncStreamReader? stdout, AsyncStreamReader? stderr)
    {
        _loop = loop;
        _process = process;
        Pid = process.Id;
        Stdin = stdin;
        Stdout = stdout;
        Stderr = stderr;
        loop.TrackResource(this);
    }

    /// <summary>The process id: asyncio's <c>pid</c>.</summary>
    public int Pid { get; }

    /// <summary>
    /// The exit code, or null while running: asyncio's <c>returncode</c>. A process killed by a signal this object
    /// sent reports minus the signal number (e.g. -15 after <see cref="Terminate"/>), as asyncio does.
    /// </summary>
    public int? ReturnCode { get; private set; }

    /// <summary>The writer to the child's stdin when it is <see cref="Stdio.Pipe"/>: asyncio's <c>stdin</c>.</summary>
    public AsyncStreamWriter? Stdin { get; }

    /// <summary>The reader of the child's stdout when it is <see cref="Stdio.Pipe"/>: asyncio's <c>stdout</c>.</summary>
    public AsyncStreamReader? Stdout { get; }

    /// <summary>The reader of the child's stderr when it is <see cref="Stdio.Pipe"/>: asyncio's <c>stderr</c>.</summary>
    public AsyncStreamReader? Stderr { get; }

    /// <summary>
    /// Waits for the process to exit and returns <see cref="ReturnCode"/>: asyncio's <c>wait()</c>. Any number of
    /// tasks may wait. It can wait forever if the child fills a pipe nobody reads: use <see cref="CommunicateAsync"/>.
    /// An Aio wait; cancelling it does not stop the process.
    /// </summary>
    [AsyncMethodBuilder(typeof(AioMethodBuilder<>))]
    public async ValueTask<int> WaitAsync()
    {
        var context = Asyncio.RequireContext(_loop);
        if (ReturnCode is null)
        {
            await _exitWaiters.WaitAsync(context);
        }

        return ReturnCode!.Value;
    }

    /// <summary>
    /// Sends <paramref name="input"/> to stdin (then closes it), reads stdout and stderr to EOF at the same time, and
    /// waits for the exit: asyncio's <c>communicate()</c>. Returns null for streams that are not pipes. A child that
    /// exits without reading its input is not an error (the broken pipe is ignored). An Aio wait: cancelling it
    /// stops the reads and leaves the process running.
    /// </summary>
    public async Task<(byte[]? Stdout, byte[]? Stderr)> CommunicateAsync(byte[]? input = null)
    {
        Asyncio.RequireContext(_loop);
        byte[]? output = null, errors = null;
        await Asyncio.Gather(
            () => FeedStdinAsync(input),
            async () => output = Stdout is null ? null : await Stdout.ReadAsync(),
            async () => errors = Stderr is null ? null : await Stderr.ReadAsync());
        await WaitAsync();
        return (output, errors);
    }

    private async Task FeedStdinAsync(byte[]? input)
    {
        if (Stdin is null)
        {
            return;
        }

        try
        {
            if (input is { Length: > 0 })
            {
                Stdin.Write(input);
                await Stdin.DrainAsync();
            }
        }
#pragma warning disable AIO004 // the filter admits connection errors only
        catch (Exception e) when (FlowTransport.IsConnectionError(e))
        {
            // The child exited or closed stdin without reading everything: asyncio ignores BrokenPipeError here.
        }
#pragma warning restore AIO004

        Stdin.Close();
    }

    /// <summary>
    /// Sends signal <paramref name="signum"/> (a POSIX signal number, e.g. 15 for SIGTERM) to the process; does
    /// nothing once it has exited: asyncio's <c>send_signal()</c>.
    /// </summary>
    /// <exception cref="PlatformNotSupportedException">Not on Unix (only <see cref="Kill"/> and <see cref="Terminate"/> work there).</exception>
    public void SendSignal(int signum)
    {
        _loop.CheckThread();
        if (ReturnCode is not null)
        {
            return;
        }

        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("SendSignal needs a POSIX system; use Terminate or Kill");
        }

        _signalsSent.Add(signum);
        if (NativeSignals.Kill(Pid, signum) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            const int esrch = 3;
            if (errno != esrch)
            {
                throw new System.ComponentModel.Win32Exception(errno);
            }
        }
    }

    /// <summary>Asks the process to stop (SIGTERM; on Windows it is killed): asyncio's <c>terminate()</c>.</summary>
    public void Terminate()
    {
        if (OperatingSystem.IsWindows())
        {
            Kill();
            return;
        }

        SendSignal(SigTerm);
    }

    /// <summary>Kills the process (SIGKILL): asyncio's <c>kill()</c>.</summary>
    public void Kill()
    {
        _loop.CheckThread();
        if (ReturnCode is not null)
        {
            return;
        }

        _signalsSent.Add(SigKill);
        try
        {
            _process.Kill();
        }
        catch (InvalidOperationException)
        {
            // It exited in the meantime; its exit is on its way to the loop.
        }
    }

    internal void OnExited()
    {
        var code = _process.ExitCode;

        // .NET reports a death by signal N as 128 + N; asyncio reports -N. Only signals we sent are translated, so
        // a child that really exits with such a code is not misread.
        if (code > 128 && _signalsSent.Contains(code - 128))
        {
            code = -(code - 128);
        }

        ReturnCode = code;
        _loop.ForgetResource(this);
        _exitWaiters.WakeAll();
    }

    /// <summary>Describes the process.</summary>
    public override string ToString() => $"<Subprocess {Pid} {(ReturnCode is { } c ? "returncode=" + c : "running")}>";
}
