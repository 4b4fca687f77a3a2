using System.Runtime.InteropServices;

namespace Aio;

/// <summary>The one POSIX call .NET does not expose: sending an arbitrary signal to a process.</summary>
internal static class NativeSignals
{
    // DllImport rather than LibraryImport: the generated stub needs unsafe code, which the project does not allow.
#pragma warning disable SYSLIB1054
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    internal static extern int Kill(int pid, int signal);
#pragma warning restore SYSLIB1054
}
