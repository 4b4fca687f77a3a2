using System.Net.Sockets;

namespace Aio;

public sealed partial class EventLoop
{
    private Dictionary<int, FdWatch>? _fdWatches;

    /// <summary>
    /// Calls <paramref name="callback"/> on the loop whenever <paramref name="fd"/> is readable (once per loop
    /// iteration while it stays readable), replacing any reader already set: asyncio's <c>loop.add_reader()</c>.
    /// Loop thread only; Linux only (other systems have no readiness poller here).
    /// </summary>
    /// <exception cref="InvalidOperationException">A transport of this loop owns the descriptor, or the loop is closed.</exception>
    /// <exception cref="PlatformNotSupportedException">The loop has no readiness poller (not Linux, or <c>AIO_POLLER=0</c>).</exception>
    /// <exception cref="System.ComponentModel.Win32Exception">epoll refused the descriptor (closed, or a regular file).</exception>
    public void AddReader(int fd, Action callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var watch = Watch(fd);
        Apply(fd, watch, callback, watch.Writer);
    }

    /// <summary>Watches <paramref name="socket"/> for reading; see <see cref="AddReader(int, Action)"/>.</summary>
    public void AddReader(Socket socket, Action callback) => AddReader(FdOf(socket), callback);

    /// <summary>
    /// Calls <paramref name="callback"/> on the loop whenever <paramref name="fd"/> is writable: asyncio's
    /// <c>loop.add_writer()</c>. See <see cref="AddReader(int, Action)"/> for the rules.
    /// </summary>
    public void AddWriter(int fd, Action callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var watch = Watch(fd);
        Apply(fd, watch, watch.Reader, callback);
    }

    /// <summary>Watches <paramref name="socket"/> for writing; see <see cref="AddWriter(int, Action)"/>.</summary>
    public void AddWriter(Socket socket, Action callback) => AddWriter(FdOf(socket), callback);

    /// <summary>Stops watching <paramref name="fd"/> for reading; true if a reader was set: asyncio's <c>loop.remove_reader()</c>.</summary>
    public bool RemoveReader(int fd)
    {
        CheckThread();
        if (_fdWatches?.GetValueOrDefault(fd) is not { Reader: not null } watch)
        {
            return false;
        }

        Apply(fd, watch, null, watch.Writer);
        return true;
    }

    /// <summary>Stops watching <paramref name="socket"/> for reading; see <see cref="RemoveReader(int)"/>.</summary>
    public bool RemoveReader(Socket socket) => RemoveReader(FdOf(socket));

    /// <summary>Stops watching <paramref name="fd"/> for writing; true if a writer was set: asyncio's <c>loop.remove_writer()</c>.</summary>
    public bool RemoveWriter(int fd)
    {
        CheckThread();
        if (_fdWatches?.GetValueOrDefault(fd) is not { Writer: not null } watch)
        {
            return false;
        }

        Apply(fd, watch, watch.Reader, null);
        return true;
    }

    /// <summary>Stops watching <paramref name="socket"/> for writing; see <see cref="RemoveWriter(int)"/>.</summary>
    public bool RemoveWriter(Socket socket) => RemoveWriter(FdOf(socket));

    private static int FdOf(Socket socket)
    {
        ArgumentNullException.ThrowIfNull(socket);
        return (int)socket.SafeHandle.DangerousGetHandle();
    }

    private FdWatch Watch(int fd)
    {
        CheckThread();
        CheckNotClosed();
        ArgumentOutOfRangeException.ThrowIfNegative(fd);
        if (_fdWatches?.GetValueOrDefault(fd) is { } existing)
        {
            return existing;
        }

        var poller = Poller ?? throw new PlatformNotSupportedException(
            "AddReader/AddWriter need the loop's readiness poller, which exists on Linux only (and not with AIO_POLLER=0)");
        if (poller.IsWatched(fd))
        {
            throw new InvalidOperationException($"File descriptor {fd} is used by a transport");
        }

        return new FdWatch(this, poller, fd);
    }

    private void Apply(int fd, FdWatch watch, Action? reader, Action? writer)
    {
        watch.Set(reader, writer);
        _fdWatches ??= [];
        if (watch.IsEmpty)
        {
            _fdWatches.Remove(fd);
        }
        else
        {
            _fdWatches[fd] = watch;
        }
    }
}
