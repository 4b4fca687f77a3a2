using System.Diagnostics;

namespace Aio;

public static partial class Asyncio
{
    /// <summary>
    /// Starts <paramref name="program"/> with <paramref name="args"/> (no shell): asyncio's
    /// <c>create_subprocess_exec()</c>. Each standard stream is inherited, a pipe, the null device, or (stderr only)
    /// merged into stdout. Returns once the process is started; <paramref name="limit"/> is the pipe readers' limit.
    /// </summary>
    /// <exception cref="System.ComponentModel.Win32Exception">The program could not be started (not found, not executable); no pipes are left open.</exception>
    /// <exception cref="ArgumentException"><see cref="Stdio.Stdout"/> given for stdin or stdout.</exception>
    public static Task<Subprocess> CreateSubprocessExec(
        string program,
        IEnumerable<string>? args = null,
        Stdio stdin = Stdio.Inherit,
        Stdio stdout = Stdio.Inherit,
        Stdio stderr = Stdio.Inherit,
        int limit = AsyncStreamReader.DefaultLimit,
        string? workingDirectory = null,
        IDictionary<string, string?>? environment = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(program);
        return Task.FromResult(SubprocessLauncher.Start(
            GetRunningLoop(), program, args?.ToList() ?? [], shell: false, stdin, stdout, stderr, limit, workingDirectory, environment));
    }

    /// <summary>
    /// Runs <paramref name="command"/> through the system shell (<c>/bin/sh -c</c>; <c>cmd.exe /c</c> on Windows):
    /// asyncio's <c>create_subprocess_shell()</c>. The caller must quote untrusted input. Streams as
    /// <see cref="CreateSubprocessExec"/>.
    /// </summary>
    public static Task<Subprocess> CreateSubprocessShell(
        string command,
        Stdio stdin = Stdio.Inherit,
        Stdio stdout = Stdio.Inherit,
        Stdio stderr = Stdio.Inherit,
        int limit = AsyncStreamReader.DefaultLimit,
        string? workingDirectory = null,
        IDictionary<string, string?>? environment = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(command);
        return Task.FromResult(SubprocessLauncher.Start(
            GetRunningLoop(), command, [], shell: true, stdin, stdout, stderr, limit, workingDirectory, environment));
    }
}
