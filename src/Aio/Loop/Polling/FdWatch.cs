namespace Aio;

/// <summary>
/// The reader and writer callbacks on one descriptor (asyncio's <c>add_reader</c>/<c>add_writer</c>): one
/// level-triggered registration whose events follow which callbacks are set, so a callback runs once per loop
/// iteration for as long as the descriptor stays ready, as with asyncio's selector.
/// </summary>
internal sealed class FdWatch(EventLoop loop, IoPoller poller, int fd) : IPollable
{
    private const uint Failure = LinuxEpoll.Err | LinuxEpoll.Hup;
    private static readonly Action<object?> s_runReader = static s => ((FdWatch)s!).Reader?.Invoke();
    private static readonly Action<object?> s_runWriter = static s => ((FdWatch)s!).Writer?.Invoke();
    private ulong _token;
    private bool _registered;

    internal Action? Reader { get; private set; }

    internal Action? Writer { get; private set; }

    internal bool IsEmpty => Reader is null && Writer is null;

    /// <summary>Sets or clears the callbacks and tells epoll; the registration goes when both are cleared.</summary>
    internal void Set(Action? reader, Action? writer)
    {
        var events = (reader is null ? 0 : LinuxEpoll.In) | (writer is null ? 0 : LinuxEpoll.Out);
        if (events == 0)
        {
            if (_registered)
            {
                _registered = false;
                poller.Unregister(fd, _token);
            }
        }
        else if (_registered)
        {
            poller.Modify(fd, _token, events);
        }
        else
        {
            _token = poller.Register(fd, this, events);
            _registered = true;
        }

        // Only once epoll has accepted the change: a refused descriptor leaves the callbacks as they were.
        Reader = reader;
        Writer = writer;
    }

    public void OnReady(uint events)
    {
        if (Reader is not null && (events & (LinuxEpoll.In | Failure)) != 0)
        {
            loop.EnqueueReady(s_runReader, this, loop.BaseContext);
        }

        if (Writer is not null && (events & (LinuxEpoll.Out | Failure)) != 0)
        {
            loop.EnqueueReady(s_runWriter, this, loop.BaseContext);
        }
    }
}
