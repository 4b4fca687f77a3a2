namespace Aio;

public sealed partial class EventLoop
{
    private IoPoller? _poller;
    private bool _pollerUnavailable;

    /// <summary>
    /// The loop's readiness poller, created when the first socket is attached; null where it is unavailable
    /// (not Linux, or <c>AIO_POLLER=0</c>: sockets then complete through .NET's own engine). Loop thread only.
    /// </summary>
    internal IoPoller? Poller
    {
        get
        {
            if (_poller is not null || _pollerUnavailable)
            {
                return _poller;
            }

            if (!PollerWanted() || _closed)
            {
                _pollerUnavailable = true;
                return null;
            }

            _poller = new IoPoller();
            _incoming.UsePoller(_poller);
            return _poller;
        }
    }

    /// <summary>Makes sockets use .NET's completions on this loop (tests of that path); before any socket is attached.</summary>
    internal void DisablePoller()
    {
        if (_poller is not null)
        {
            throw new InvalidOperationException("Sockets on this loop already use the poller");
        }

        _pollerUnavailable = true;
    }

    internal static bool PollerWanted() =>
        LinuxEpoll.IsSupported && Environment.GetEnvironmentVariable("AIO_POLLER") is not "0";

    private void ClosePoller()
    {
        if (_poller is { } p)
        {
            _incoming.UsePoller(null);
            _poller = null;
            _pollerUnavailable = true;
            p.Dispose();
        }
    }
}
