using System.Net.Sockets;

namespace Aio;

/// <summary>
/// The readiness-driven half of <see cref="SocketTransport"/>: with the loop's <see cref="IoPoller"/>, the socket is
/// watched edge-triggered and read and written with non-blocking calls on the loop thread when it is ready, so a
/// message costs no thread hop and no post. Each flag below is loop-thread state.
/// </summary>
internal sealed partial class SocketTransport : IPollable
{
    // Output readiness is watched only once a write has had to wait for room: registered from the start, every ACK
    // that frees send-buffer space would raise an edge the loop has to collect and ignore, and a connection whose
    // writes never block (request/response traffic) never needs it. Once watched it stays: a bulk sender blocks on
    // most writes, and switching the watch on and off would cost two system calls each time.
    private const uint Watched = LinuxEpoll.In | LinuxEpoll.RdHup | LinuxEpoll.EdgeTriggered;
    private const uint WatchedWithOutput = Watched | LinuxEpoll.Out;
    private const uint ReadEvents = LinuxEpoll.In | LinuxEpoll.RdHup | LinuxEpoll.Hup | LinuxEpoll.Err;
    private const uint WriteEvents = LinuxEpoll.Out | LinuxEpoll.Hup | LinuxEpoll.Err;
    private static readonly Action<object?> s_readWhenReady = static s => ((SocketTransport)s!).ReadWhenReady();
    private static readonly Action<object?> s_writeWhenReady = static s => ((SocketTransport)s!).WriteWhenReady();

    private IoPoller? _poller;
    private ulong _pollToken;
    private int _fd;

    // Edge-triggered readiness: true until a call says it would block (or a short read shows the data drained);
    // the next edge sets it again. After a hang-up or error no further edge comes, so reads stay ready.
    private bool _readable = true;
    private bool _writable = true;
    private bool _outputWatched;
    private bool _peerDone;
    private bool _readWanted;
    private bool _readQueued;
    private bool _writeWanted;
    private bool _writeQueued;
    private byte[]? _sendBuffer;
    private int _sendOffset;
    private int _sendCount;

    private bool Polled => _poller is not null;

    private void StartPolling(IoPoller poller)
    {
        _fd = (int)Socket.SafeHandle.DangerousGetHandle();
        _pollToken = poller.Register(_fd, this, Watched);
        _poller = poller;
    }

    private void StopPolling()
    {
        if (_poller is { } p)
        {
            _poller = null;
            p.Unregister(_fd, _pollToken);
        }

        _readWanted = false;
        _writeWanted = false;
        _sendBuffer = null;
    }

    void IPollable.OnReady(uint events)
    {
        if ((events & (LinuxEpoll.RdHup | LinuxEpoll.Hup | LinuxEpoll.Err)) != 0)
        {
            _peerDone = true;
        }

        if ((events & ReadEvents) != 0)
        {
            _readable = true;
            if (_readWanted)
            {
                QueueRead();
            }
        }

        if ((events & WriteEvents) != 0)
        {
            _writable = true;
            if (_writeWanted)
            {
                QueueWrite();
            }
        }
    }

    private void ReceiveWhenReady()
    {
        _readWanted = true;
        if (_readable)
        {
            // Through the ready queue rather than at once: a peer that keeps sending cannot recurse or starve others.
            QueueRead();
        }
    }

    private void SendWhenReady(byte[] buffer, int offset, int count)
    {
        _sendBuffer = buffer;
        _sendOffset = offset;
        _sendCount = count;
        _writeWanted = true;
        if (_writable)
        {
            QueueWrite();
        }
        else
        {
            WriteBlocked();
        }
    }

    /// <summary>A send could not take everything: wait for room (a new registration reports it at once if there is).</summary>
    private void WriteBlocked()
    {
        _writable = false;
        if (!_outputWatched && _poller is { } p)
        {
            _outputWatched = true;
            p.Modify(_fd, _pollToken, WatchedWithOutput);
        }
    }

    private void QueueRead()
    {
        if (!_readQueued)
        {
            _readQueued = true;
            Loop.EnqueueReady(s_readWhenReady, this, Loop.BaseContext);
        }
    }

    private void QueueWrite()
    {
        if (!_writeQueued)
        {
            _writeQueued = true;
            Loop.EnqueueReady(s_writeWhenReady, this, Loop.BaseContext);
        }
    }

    private void ReadWhenReady()
    {
        _readQueued = false;
        if (!_readWanted)
        {
            return;
        }

        // The memory is asked for only now, when the socket is known to be readable, and the bytes are delivered
        // before this returns: a protocol's buffer is never lent across loop iterations.
        if (!TryLendReceiveBuffer(synchronous: true, out var buffer))
        {
            _readWanted = false;
            return;
        }

        int n;
        SocketError code;
        try
        {
            n = Socket.Receive(buffer.Span, SocketFlags.None, out code);
        }
        catch (Exception e)
        {
            _readWanted = false;
            ReceiveCompletedOnLoop(0, e);
            return;
        }

        if (code == SocketError.WouldBlock)
        {
            _readable = false;
            return;
        }

        _readWanted = false;
        if (code != SocketError.Success)
        {
            ReceiveCompletedOnLoop(0, new SocketException((int)code));
            return;
        }

        if (n > 0 && n < buffer.Length && !_peerDone)
        {
            // A short read emptied the socket; any later data raises a new edge. Saves a read that would block.
            _readable = false;
        }

        ReceiveCompletedOnLoop(n, null);
    }

    private void WriteWhenReady()
    {
        _writeQueued = false;
        if (!_writeWanted)
        {
            return;
        }

        int n;
        SocketError code;
        try
        {
            n = Socket.Send(_sendBuffer!, _sendOffset, _sendCount, SocketFlags.None, out code);
        }
        catch (Exception e)
        {
            _writeWanted = false;
            SendCompletedOnLoop(0, e);
            return;
        }

        if (code == SocketError.WouldBlock)
        {
            WriteBlocked();
            return;
        }

        _writeWanted = false;
        _sendBuffer = null;
        if (code != SocketError.Success)
        {
            SendCompletedOnLoop(0, new SocketException((int)code));
            return;
        }

        if (n < _sendCount)
        {
            WriteBlocked();
        }

        SendCompletedOnLoop(n, null);
    }
}
