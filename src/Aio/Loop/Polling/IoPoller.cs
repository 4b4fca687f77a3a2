using Microsoft.Win32.SafeHandles;

namespace Aio;

/// <summary>
/// The loop's readiness poller on Linux: one epoll set holding the sockets the loop owns, edge-triggered and
/// registered once per socket (no system call per operation), plus an eventfd that other threads signal to wake a
/// parked loop. Socket I/O then happens on the loop thread with non-blocking calls, as uvloop does, instead of
/// completing on a pool thread and hopping to the loop. Loop thread only, except <see cref="Wake"/>.
/// </summary>
internal sealed class IoPoller : IDisposable
{
    private const ulong WakeToken = ulong.MaxValue;
    private const int MaxEvents = 256;

    private readonly SafeFileHandle _epoll;
    private readonly SafeFileHandle _wakeFd;
    private readonly int _epfd;
    private readonly int _eventFd;
    private readonly byte[] _events = new byte[MaxEvents * LinuxEpoll.EventSize];
    private readonly Dictionary<int, int> _slotByFd = [];
    private IPollable?[] _sources = new IPollable?[16];
    private uint[] _generations = new uint[16];
    private readonly Stack<int> _freeSlots = new();
    private int _nextSlot;
    private bool _disposed;

    internal IoPoller()
    {
        _epfd = LinuxEpoll.Create();
        _epoll = new SafeFileHandle(_epfd, ownsHandle: true);
        _eventFd = LinuxEpoll.CreateEventFd();
        _wakeFd = new SafeFileHandle(_eventFd, ownsHandle: true);
        LinuxEpoll.Add(_epfd, _eventFd, LinuxEpoll.In, WakeToken);
    }

    /// <summary>How many descriptors are watched; with none, a loop that is not idle need not poll.</summary>
    internal int Count { get; private set; }

    /// <summary>Edge-triggered input, output and hang-up: what a transport registers once for its socket's life.</summary>
    internal const uint EdgeAll = LinuxEpoll.In | LinuxEpoll.Out | LinuxEpoll.RdHup | LinuxEpoll.EdgeTriggered;

    /// <summary>Whether <paramref name="fd"/> is watched (by a transport or a reader/writer callback).</summary>
    internal bool IsWatched(int fd) => _slotByFd.ContainsKey(fd);

    /// <summary>
    /// Watches <paramref name="fd"/> for <paramref name="events"/> (errors and hang-ups are always reported) and
    /// returns the token that <see cref="Modify"/> and <see cref="Unregister"/> take.
    /// </summary>
    internal ulong Register(int fd, IPollable source, uint events = EdgeAll)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var slot = _freeSlots.Count > 0 ? _freeSlots.Pop() : _nextSlot++;
        if (slot == _sources.Length)
        {
            Array.Resize(ref _sources, slot * 2);
            Array.Resize(ref _generations, slot * 2);
        }

        var token = ((ulong)_generations[slot] << 32) | (uint)slot;
        try
        {
            LinuxEpoll.Add(_epfd, fd, events, token);
        }
        catch
        {
            _freeSlots.Push(slot);
            throw;
        }

        _sources[slot] = source;
        _slotByFd[fd] = slot;
        Count++;
        return token;
    }

    /// <summary>Changes the events watched for a registration.</summary>
    internal void Modify(int fd, ulong token, uint events) => LinuxEpoll.Modify(_epfd, fd, events, token);

    /// <summary>
    /// Stops watching. Must come before the descriptor is closed; if someone closed it behind the transport's back
    /// and the number was reused by another registration, that newer registration is left alone.
    /// </summary>
    internal void Unregister(int fd, ulong token)
    {
        var slot = (int)(uint)token;
        if (_disposed || _sources[slot] is null || _generations[slot] != (uint)(token >> 32))
        {
            return;
        }

        if (_slotByFd.TryGetValue(fd, out var owner) && owner == slot)
        {
            _slotByFd.Remove(fd);
            LinuxEpoll.Remove(_epfd, fd);
        }

        _sources[slot] = null;
        _generations[slot]++;
        _freeSlots.Push(slot);
        Count--;
    }

    /// <summary>
    /// Waits up to <paramref name="timeoutMs"/> (-1: no limit, 0: just look) and hands each readiness to its source.
    /// Events for a registration removed meanwhile carry an old generation and are dropped.
    /// </summary>
    internal void Poll(int timeoutMs)
    {
        var n = LinuxEpoll.Wait(_epfd, _events, timeoutMs);
        for (var i = 0; i < n; i++)
        {
            var (events, data) = LinuxEpoll.Read(_events, i);
            if (data == WakeToken)
            {
                LinuxEpoll.Drain(_eventFd);
                continue;
            }

            var slot = (int)(uint)data;
            if (_sources[slot] is { } source && _generations[slot] == (uint)(data >> 32))
            {
                source.OnReady(events);
            }
        }
    }

    /// <summary>Wakes a <see cref="Poll"/> in progress or the next one. Thread-safe.</summary>
    internal void Wake() => LinuxEpoll.Signal(_eventFd);

    public void Dispose()
    {
        _disposed = true;
        _wakeFd.Dispose();
        _epoll.Dispose();
    }
}
