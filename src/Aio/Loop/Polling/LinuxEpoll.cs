using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Aio;

/// <summary>
/// The few libc calls the readiness poller needs. Events travel through byte buffers because <c>epoll_event</c> is
/// packed to 12 bytes on x86-64 and padded to 16 elsewhere; one decoder serves both.
/// </summary>
internal static class LinuxEpoll
{
    internal const uint In = 0x001;
    internal const uint Out = 0x004;
    internal const uint Err = 0x008;
    internal const uint Hup = 0x010;
    internal const uint RdHup = 0x2000;
    internal const uint EdgeTriggered = 1u << 31;

    private const int CtlAdd = 1;
    private const int CtlDel = 2;
    private const int CtlMod = 3;
    private const int CloseOnExec = 0x80000;
    private const int EventFdNonBlocking = 0x800;
    private const int SocketNonBlocking = 0x800;

    /// <summary>Whether this process can use the poller: Linux on an architecture whose event layout is known.</summary>
    internal static bool IsSupported =>
        OperatingSystem.IsLinux() &&
        RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.Arm64;

    /// <summary>Size of one <c>struct epoll_event</c> on this architecture.</summary>
    internal static int EventSize => RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 12 : 16;

    private static int DataOffset => EventSize == 12 ? 4 : 8;

    internal static int Create()
    {
        var fd = epoll_create1(CloseOnExec);
        return fd >= 0 ? fd : throw Error("epoll_create1");
    }

    internal static int CreateEventFd()
    {
        var fd = eventfd(0, CloseOnExec | EventFdNonBlocking);
        return fd >= 0 ? fd : throw Error("eventfd");
    }

    internal static void Add(int epfd, int fd, uint events, ulong data) => Control(epfd, CtlAdd, fd, events, data);

    internal static void Modify(int epfd, int fd, uint events, ulong data) => Control(epfd, CtlMod, fd, events, data);

    private static void Control(int epfd, int op, int fd, uint events, ulong data, bool throwOnError = true)
    {
        Span<byte> e = stackalloc byte[16];
        BinaryPrimitives.WriteUInt32LittleEndian(e, events);
        BinaryPrimitives.WriteUInt64LittleEndian(e[DataOffset..], data);
        if (epoll_ctl(epfd, op, fd, ref MemoryMarshal.GetReference(e)) != 0 && throwOnError)
        {
            throw Error(op == CtlAdd ? "epoll_ctl(ADD)" : "epoll_ctl(MOD)");
        }
    }

    /// <summary>Removes <paramref name="fd"/>; an fd already closed (and so already gone) is not an error.</summary>
    internal static void Remove(int epfd, int fd) => Control(epfd, CtlDel, fd, 0, 0, throwOnError: false);

    /// <summary>Waits for events; returns how many were written to <paramref name="buffer"/> (0 on a signal).</summary>
    internal static int Wait(int epfd, byte[] buffer, int timeoutMs)
    {
        var n = epoll_wait(epfd, buffer, buffer.Length / EventSize, timeoutMs);
        if (n >= 0)
        {
            return n;
        }

        return Marshal.GetLastPInvokeError() == LinuxErrno.Interrupted ? 0 : throw Error("epoll_wait");
    }

    internal static (uint Events, ulong Data) Read(byte[] buffer, int index)
    {
        var e = buffer.AsSpan(index * EventSize, EventSize);
        return (BinaryPrimitives.ReadUInt32LittleEndian(e), BinaryPrimitives.ReadUInt64LittleEndian(e[DataOffset..]));
    }

    /// <summary>
    /// Accepts one pending connection as a non-blocking descriptor; returns it, or -1 with the errno in
    /// <paramref name="errno"/> (EAGAIN when none is pending).
    /// </summary>
    internal static int Accept(int listenFd, out int errno)
    {
        var fd = accept4(listenFd, 0, 0, SocketNonBlocking | CloseOnExec);
        errno = fd >= 0 ? 0 : Marshal.GetLastPInvokeError();
        return fd;
    }

    /// <summary>Adds one to an eventfd's counter (never blocks: the counter cannot realistically overflow).</summary>
    internal static void Signal(int fd)
    {
        Span<byte> one = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(one, 1);
        write(fd, ref MemoryMarshal.GetReference(one), 8);
    }

    /// <summary>Resets an eventfd's counter.</summary>
    internal static void Drain(int fd)
    {
        Span<byte> value = stackalloc byte[8];
        read(fd, ref MemoryMarshal.GetReference(value), 8);
    }

    private static System.ComponentModel.Win32Exception Error(string call)
    {
        var errno = Marshal.GetLastPInvokeError();
        return new(errno, $"{call} failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})");
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int epoll_create1(int flags);

    [DllImport("libc", SetLastError = true)]
    private static extern int epoll_ctl(int epfd, int op, int fd, ref byte ev);

    [DllImport("libc", SetLastError = true)]
    private static extern int epoll_wait(int epfd, [Out] byte[] events, int maxevents, int timeout);

    [DllImport("libc", SetLastError = true)]
    private static extern int accept4(int sockfd, nint addr, nint addrlen, int flags);

    [DllImport("libc", SetLastError = true)]
    private static extern int eventfd(uint initval, int flags);

    [DllImport("libc", SetLastError = true)]
    private static extern nint read(int fd, ref byte buf, nint count);

    [DllImport("libc", SetLastError = true)]
    private static extern nint write(int fd, ref byte buf, nint count);
}
