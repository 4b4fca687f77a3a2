using System.ComponentModel;
using System.Net.Sockets;

namespace Aio;

/// <summary>The Linux errno values the poller's own system calls answer to, and how they surface to users.</summary>
internal static class LinuxErrno
{
    internal const int Interrupted = 4;
    internal const int Again = 11;
    internal const int NoMemory = 12;
    internal const int TooManyFilesInSystem = 23;
    internal const int TooManyFiles = 24;
    internal const int Protocol = 71;
    internal const int ConnectionAborted = 103;
    internal const int NoBuffers = 105;

    /// <summary>
    /// The exception for a failed socket call: a <see cref="SocketException"/> where .NET has a matching
    /// <see cref="SocketError"/> (its constructor takes those, not errno values), else the system's own message.
    /// </summary>
    internal static Exception ToException(int errno) => errno switch
    {
        TooManyFiles or TooManyFilesInSystem => new SocketException((int)SocketError.TooManyOpenSockets),
        NoBuffers or NoMemory => new SocketException((int)SocketError.NoBufferSpaceAvailable),
        _ => new Win32Exception(errno),
    };
}
