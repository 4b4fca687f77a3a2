using System.Net.Sockets;

namespace Aio;

/// <summary>
/// Accepting on the loop's readiness poller (Linux): each listening socket is watched level-triggered and, when
/// ready, accepted on the loop thread in batches, so a connection costs no thread hop. Errors follow asyncio's
/// selector server: a dropped handshake is skipped; running out of descriptors or memory is reported and that
/// listener rests for a second before accepting again.
/// </summary>
public sealed partial class Server
{
    private const int AcceptBatch = 128;
    private const double ResourceRetryDelay = 1.0;
    private List<Listener>? _listeners;

    private bool TryServePolled()
    {
        if (Loop.Poller is not { } poller)
        {
            return false;
        }

        _listeners = [];
        foreach (var socket in _sockets)
        {
            var listener = new Listener(this, poller, socket);
            listener.Watch();
            _listeners.Add(listener);
        }

        return true;
    }

    private void StopPolledAccepting()
    {
        if (_listeners is { } listeners)
        {
            _listeners = null;
            foreach (var l in listeners)
            {
                l.Unwatch();
            }
        }
    }

    private void AcceptReady(Listener listener)
    {
        for (var i = 0; i < AcceptBatch && !_closed && listener.Watched; i++)
        {
            var fd = LinuxEpoll.Accept(listener.Fd, out var errno);
            if (fd >= 0)
            {
                Accepted(new Socket(new SafeSocketHandle(fd, ownsHandle: true)));
                continue;
            }

            switch (errno)
            {
                case LinuxErrno.Again:
                    return;
                case LinuxErrno.Interrupted or LinuxErrno.ConnectionAborted or LinuxErrno.Protocol:
                    continue;
                case LinuxErrno.TooManyFiles or LinuxErrno.TooManyFilesInSystem or LinuxErrno.NoBuffers or LinuxErrno.NoMemory:
                    Loop.CallExceptionHandler(new ExceptionContext(
                        "socket.accept() out of system resource",
                        LinuxErrno.ToException(errno))
                    { Extra = new Dictionary<string, object?> { ["socket"] = listener.Socket } });
                    listener.Unwatch();
                    Loop.CallLater(ResourceRetryDelay, () =>
                    {
                        if (!_closed && _listeners is not null)
                        {
                            listener.Watch();
                        }
                    });
                    return;
                default:
                    if (Loop.Debug)
                    {
                        Loop.CallExceptionHandler(new ExceptionContext("Error on accept", LinuxErrno.ToException(errno)));
                    }

                    return;
            }
        }
    }

    private sealed class Listener(Server server, IoPoller poller, Socket socket) : IPollable
    {
        private static readonly Action<object?> s_acceptReady = static s =>
        {
            var l = (Listener)s!;
            l._queued = false;
            l._server.AcceptReady(l);
        };

        private readonly Server _server = server;
        private ulong _token;
        private bool _queued;

        internal Socket Socket { get; } = socket;

        internal int Fd { get; } = (int)socket.SafeHandle.DangerousGetHandle();

        internal bool Watched { get; private set; }

        internal void Watch()
        {
            // accept4's flag makes the new connection non-blocking; the listener itself must be too, or an accept
            // after the last pending connection would block the loop.
            Socket.Blocking = false;
            _token = poller.Register(Fd, this, LinuxEpoll.In);
            Watched = true;
        }

        internal void Unwatch()
        {
            if (Watched)
            {
                Watched = false;
                poller.Unregister(Fd, _token);
            }
        }

        public void OnReady(uint events)
        {
            if (!_queued)
            {
                _queued = true;
                _server.Loop.EnqueueReady(s_acceptReady, this, _server.Loop.BaseContext);
            }
        }
    }
}
