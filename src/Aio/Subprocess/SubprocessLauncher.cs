using System.Diagnostics;

namespace Aio;

/// <summary>
/// Starts a child with <see cref="Process"/> and wraps its pipes in Aio transports. <see cref="Process"/> can only
/// pipe or inherit, so the null device and stderr-into-stdout are arranged by a POSIX shell that redirects and
/// then <c>exec</c>s the program (the process id stays the program's).
/// </summary>
internal static class SubprocessLauncher
{
    internal static Subprocess Start(
        EventLoop loop, string program, List<string> args, bool shell, Stdio stdin, Stdio stdout, Stdio stderr,
        int limit, string? workingDirectory, IDictionary<string, string?>? environment)
    {
        loop.CheckThread();
        if (stdin == Stdio.Stdout || stdout == Stdio.Stdout)
        {
            throw new ArgumentException("Stdio.Stdout is only valid for stderr");
        }

        if (limit <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), "Limit cannot be <= 0");
        }

        var psi = new ProcessStartInfo { UseShellExecute = false };
        var redirects = Redirects(stdin, stdout, stderr);
        if (redirects.Length > 0 && OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("Stdio.DevNull and Stdio.Stdout need a POSIX shell");
        }

        if (shell)
        {
            psi.FileName = OperatingSystem.IsWindows() ? "cmd.exe" : "/bin/sh";
            psi.ArgumentList.Add(OperatingSystem.IsWindows() ? "/c" : "-c");
            psi.ArgumentList.Add(redirects.Length > 0 ? $"exec {redirects}\n{program}" : program);
        }
        else if (redirects.Length > 0)
        {
            psi.FileName = "/bin/sh";
            psi.ArgumentList.Add("-c");
            psi.ArgumentList.Add($"exec \"$0\" \"$@\" {redirects}");
            psi.ArgumentList.Add(program);
            args.ForEach(psi.ArgumentList.Add);
        }
        else
        {
            psi.FileName = program;
            args.ForEach(psi.ArgumentList.Add);
        }

        psi.RedirectStandardInput = stdin == Stdio.Pipe;
        psi.RedirectStandardOutput = stdout == Stdio.Pipe;
        psi.RedirectStandardError = stderr == Stdio.Pipe;
        if (workingDirectory is not null)
        {
            psi.WorkingDirectory = workingDirectory;
        }

        if (environment is not null)
        {
            psi.Environment.Clear();
            foreach (var (k, v) in environment)
            {
                psi.Environment[k] = v;
            }
        }

        var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        Subprocess? created = null;
        var exitedEarly = 0;
        process.Exited += (_, _) => loop.PostFromAnyThread(
            new Action(() =>
            {
                if (created is null)
                {
                    exitedEarly = 1;
                }
                else
                {
                    created.OnExited();
                }
            }),
            null,
            loop.BaseContext);
        try
        {
            if (!process.Start())
            {
                throw new InvalidOperationException($"The process {program} was not started");
            }
        }
        catch
        {
            process.Dispose();
            throw;
        }

        var writer = stdin == Stdio.Pipe ? PipeWriter(loop, process.StandardInput.BaseStream) : null;
        var outReader = stdout == Stdio.Pipe ? PipeReader(loop, process.StandardOutput.BaseStream, limit) : null;
        var errReader = stderr == Stdio.Pipe ? PipeReader(loop, process.StandardError.BaseStream, limit) : null;
        created = new Subprocess(loop, process, writer, outReader, errReader);
        if (exitedEarly != 0)
        {
            created.OnExited();
        }

        return created;
    }

    private static string Redirects(Stdio stdin, Stdio stdout, Stdio stderr)
    {
        var parts = new List<string>();
        if (stdin == Stdio.DevNull)
        {
            parts.Add("</dev/null");
        }

        if (stdout == Stdio.DevNull)
        {
            parts.Add(">/dev/null");
        }

        if (stderr == Stdio.DevNull)
        {
            parts.Add("2>/dev/null");
        }
        else if (stderr == Stdio.Stdout)
        {
            parts.Add("2>&1");
        }

        return string.Join(' ', parts);
    }

    private static AsyncStreamReader PipeReader(EventLoop loop, Stream pipe, int limit)
    {
        var reader = new AsyncStreamReader(limit);
        loop.AttachPipe(() => new StreamReaderProtocol(reader), pipe, read: true);
        return reader;
    }

    private static AsyncStreamWriter PipeWriter(EventLoop loop, Stream pipe)
    {
        var (_, protocol) = loop.AttachPipe(() => new StreamReaderProtocol(new AsyncStreamReader()), pipe, read: false);
        return protocol.Writer!;
    }
}
