using System.Buffers;
using System.Net.Sockets;

namespace Aio;

/// <summary>
/// The loop side of every stream transport: the protocol callbacks, the read-pause state, the write buffer with
/// its water marks, and the close sequence. Subclasses only start I/O and report its completion, from any thread,
/// through <see cref="ReceiveCompleted"/> and <see cref="SendCompleted"/>; each completion is one post to the loop.
/// </summary>
internal abstract class FlowTransport : Transport
{
    private const int ReadBufferSize = 64 * 1024;
    private static readonly Action<object?> s_onReceive = static s => ((FlowTransport)s!).OnReceive();
    private static readonly Action<object?> s_onSend = static s => ((FlowTransport)s!).OnSend();
    private static readonly Action<object?> s_connectionLost = static s => ((FlowTransport)s!).CallConnectionLost();

    private readonly Dictionary<string, object?> _extra = [];
    private Protocol _protocol;
    private byte[]? _readBuffer;
    private int _received;
    private Exception? _receiveError;
    private bool _readInFlight;
    private bool _readPaused;
    private bool _readEof;
    private byte[] _pending = [];
    private int _pendingLength;
    private byte[] _sending = [];
    private int _sendOffset;
    private int _sendLength;
    private int _sent;
    private Exception? _sendError;
    private bool _sendInFlight;
    private int _high = 64 * 1024;
    private int _low = 16 * 1024;
    private bool _protocolPaused;
    private bool _closing;
    private bool _closedByUser;
    private bool _eofRequested;
    private bool _lostScheduled;
    private bool _lost;
    private bool _started;
    private bool _aborted;
    private bool _abandoned;
    private Exception? _lostError;
    private WaitList? _flushed;

    private protected FlowTransport(EventLoop loop, Protocol protocol)
    {
        Loop = loop;
        _protocol = protocol;
    }

    /// <summary>Called once the protocol has been told the connection is lost (servers count connections with it).</summary>
    internal Action<FlowTransport>? OnLost;

    private protected EventLoop Loop { get; }

    public override Protocol Protocol
    {
        get => _protocol;
        set => _protocol = value ?? throw new ArgumentNullException(nameof(value));
    }

    public override bool IsClosing => _closing;

    public override bool IsReading => !_readPaused && !_closing && _started && CanRead;

    internal bool IsLost => _lost;

    internal bool HasBufferedWrites => _sendInFlight || _pendingLength > 0;

    private protected abstract bool CanRead { get; }

    /// <summary>Starts a receive into <paramref name="buffer"/>; must end with <see cref="ReceiveCompleted"/>.</summary>
    private protected abstract void BeginReceive(byte[] buffer);

    /// <summary>Sends what it can without waiting; returns the count, 0 when it would block or cannot.</summary>
    private protected abstract int TrySendNow(ReadOnlySpan<byte> data, out Exception? error);

    /// <summary>Starts sending the range; must end with <see cref="SendCompleted"/>.</summary>
    private protected abstract void BeginSend(byte[] buffer, int offset, int count);

    /// <summary>Half-closes the sending side.</summary>
    private protected abstract void ShutdownSend();

    /// <summary>
    /// Releases the socket or streams (<paramref name="abort"/>: at once, dropping unsent data); operations still
    /// in flight complete later and are ignored.
    /// </summary>
    private protected abstract void CloseIo(bool abort);

    /// <summary>Called when the last in-flight operation of a closed transport has completed.</summary>
    private protected virtual void IoIdleAfterClose()
    {
    }

    private protected bool IoInFlight => _readInFlight || _sendInFlight;

    internal void SetExtra(string name, object? value) => _extra[name] = value;

    public override object? GetExtraInfo(string name, object? defaultValue = null) =>
        _extra.TryGetValue(name, out var v) && v is not null ? v : defaultValue;

    internal EventLoop LoopOf => Loop;

    /// <summary>
    /// Forgets the connection without closing it or calling the protocol (STARTTLS hands the socket to a TLS
    /// transport). Only valid with no receive or send outstanding.
    /// </summary>
    internal void Abandon()
    {
        _abandoned = true;
        _closing = true;
        _closedByUser = true;
        _lostScheduled = true;
        _lost = true;
        if (!_readInFlight)
        {
            ReturnReadBuffer();
        }

        ReturnWriteBuffers();
    }

    /// <summary>Tells the protocol the connection is made (unless taking over one) and starts receiving. Loop thread.</summary>
    internal void Start(bool notify = true)
    {
        _started = true;
        if (!notify)
        {
            StartReading();
            return;
        }

        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(Loop.BaseContext);
        try
        {
            _protocol.ConnectionMade(this);
        }
        catch (Exception e)
        {
            FatalError(e, "Fatal error: protocol.ConnectionMade() call failed.", report: true);
            return;
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }

        StartReading();
    }

    private protected void ReceiveCompleted(int count, Exception? error)
    {
        _received = count;
        _receiveError = error;
        Loop.PostFromAnyThread(s_onReceive, this, Loop.BaseContext);
    }

    private protected void SendCompleted(int count, Exception? error)
    {
        _sent = count;
        _sendError = error;
        Loop.PostFromAnyThread(s_onSend, this, Loop.BaseContext);
    }

    /// <summary>Whether a receive is outstanding (STARTTLS must collect it before handing the socket over).</summary>
    private protected bool ReadInFlight => _readInFlight;

    /// <summary>A hook that may take a completed receive instead of delivering it (STARTTLS); true if taken.</summary>
    private protected virtual bool DivertReceive(byte[] buffer, int count, Exception? error) => false;

    private void StartReading()
    {
        if (_readInFlight || _readPaused || _closing || _readEof || !_started || !CanRead)
        {
            return;
        }

        _readInFlight = true;
        _readBuffer ??= ArrayPool<byte>.Shared.Rent(ReadBufferSize);
        BeginReceive(_readBuffer);
    }

    private void OnReceive()
    {
        _readInFlight = false;
        var buffer = _readBuffer!;
        var count = _received;
        var error = _receiveError;
        _receiveError = null;
        if (DivertReceive(buffer, count, error))
        {
            if (_lost)
            {
                ReturnReadBuffer();
            }

            return;
        }

        if (_lost)
        {
            ReturnReadBuffer();
            if (!_sendInFlight && !_abandoned)
            {
                IoIdleAfterClose();
            }

            return;
        }

        if (_closing)
        {
            return;
        }

        if (error is not null)
        {
            FatalError(error, "Fatal read error on transport", report: !IsConnectionError(error));
            return;
        }

        if (count == 0)
        {
            _readEof = true;
            bool keepOpen;
            try
            {
                keepOpen = _protocol.EofReceived();
            }
            catch (Exception e)
            {
                FatalError(e, "Fatal error: protocol.EofReceived() call failed.", report: true);
                return;
            }

            if (!keepOpen || !CanWriteEof())
            {
                Close();
            }

            return;
        }

        try
        {
            _protocol.DataReceived(new ReadOnlySpan<byte>(buffer, 0, count));
        }
        catch (Exception e)
        {
            FatalError(e, "Fatal error: protocol.DataReceived() call failed.", report: true);
            return;
        }

        StartReading();
    }

    public override void Write(ReadOnlySpan<byte> data)
    {
        if (_eofRequested)
        {
            throw new InvalidOperationException("Cannot call Write() after WriteEof()");
        }

        if (_closedByUser)
        {
            throw new InvalidOperationException("Cannot call Write() on a transport that was closed (Close() or Abort())");
        }

        if (data.IsEmpty || _closing)
        {
            // Closing without Close(): the connection broke and the protocol already got ConnectionLost, as in asyncio.
            return;
        }

        if (!_sendInFlight && _pendingLength == 0)
        {
            var n = TrySendNow(data, out var error);
            if (error is not null)
            {
                FatalError(error, "Fatal write error on transport", report: !IsConnectionError(error));
                return;
            }

            data = data[n..];
            if (data.IsEmpty)
            {
                return;
            }
        }

        Append(data);
        if (!_sendInFlight)
        {
            StartSend();
        }

        MaybePauseProtocol();
    }

    private void Append(ReadOnlySpan<byte> data)
    {
        var needed = _pendingLength + data.Length;
        if (_pending.Length < needed)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(needed, Math.Max(4096, _pending.Length * 2)));
            _pending.AsSpan(0, _pendingLength).CopyTo(bigger);
            if (_pending.Length > 0)
            {
                ArrayPool<byte>.Shared.Return(_pending);
            }

            _pending = bigger;
        }

        data.CopyTo(_pending.AsSpan(_pendingLength));
        _pendingLength = needed;
    }

    private void StartSend()
    {
        (_sending, _pending) = (_pending, _sending);
        _sendOffset = 0;
        _sendLength = _pendingLength;
        _pendingLength = 0;
        _sendInFlight = true;
        BeginSend(_sending, 0, _sendLength);
    }

    private void OnSend()
    {
        _sendInFlight = false;
        var error = _sendError;
        _sendError = null;
        if (_lost)
        {
            ReturnWriteBuffers();
            if (!_readInFlight && !_abandoned)
            {
                IoIdleAfterClose();
            }

            return;
        }

        if (_lostScheduled)
        {
            return;
        }

        if (error is not null)
        {
            FatalError(error, "Fatal write error on transport", report: !IsConnectionError(error));
            return;
        }

        _sendOffset += _sent;
        if (_sendOffset < _sendLength)
        {
            _sendInFlight = true;
            BeginSend(_sending, _sendOffset, _sendLength - _sendOffset);
            return;
        }

        if (_pendingLength > 0)
        {
            StartSend();
        }
        else
        {
            _flushed?.WakeAll();
            if (_closing)
            {
                ScheduleConnectionLost(null);
                return;
            }

            if (_eofRequested)
            {
                DoShutdown();
            }
        }

        MaybeResumeProtocol();
    }

    /// <summary>Waits until everything written so far is handed to the operating system.</summary>
    internal ValueTask WaitFlushedAsync(AioContext context) =>
        HasBufferedWrites && !_lostScheduled ? (_flushed ??= new WaitList()).WaitAsync(context) : ValueTask.CompletedTask;

    public override int GetWriteBufferSize() => _pendingLength + (_sendInFlight ? _sendLength - _sendOffset : 0);

    public override (int Low, int High) GetWriteBufferLimits() => (_low, _high);

    public override void SetWriteBufferLimits(int? high = null, int? low = null)
    {
        var h = high ?? (low is { } l ? 4 * l : 64 * 1024);
        var lo = low ?? h / 4;
        if (!(h >= lo && lo >= 0))
        {
            throw new ArgumentException($"high ({h}) must be >= low ({lo}) must be >= 0");
        }

        _high = h;
        _low = lo;
        MaybePauseProtocol();
    }

    private void MaybePauseProtocol()
    {
        if (!_protocolPaused && GetWriteBufferSize() > _high)
        {
            _protocolPaused = true;
            try
            {
                _protocol.PauseWriting();
            }
            catch (Exception e)
            {
                Report(e, "protocol.PauseWriting() failed");
            }
        }
    }

    private void MaybeResumeProtocol()
    {
        if (_protocolPaused && GetWriteBufferSize() <= _low)
        {
            _protocolPaused = false;
            try
            {
                _protocol.ResumeWriting();
            }
            catch (Exception e)
            {
                Report(e, "protocol.ResumeWriting() failed");
            }
        }
    }

    public override void PauseReading() => _readPaused = true;

    public override void ResumeReading()
    {
        if (_readPaused)
        {
            _readPaused = false;
            StartReading();
        }
    }

    public override void WriteEof()
    {
        if (!CanWriteEof())
        {
            throw new NotSupportedException("This transport cannot half-close (WriteEof); TLS connections close instead.");
        }

        if (_closing || _eofRequested)
        {
            return;
        }

        _eofRequested = true;
        if (!HasBufferedWrites)
        {
            DoShutdown();
        }
    }

    private void DoShutdown()
    {
        try
        {
            ShutdownSend();
        }
        catch (Exception e)
        {
            FatalError(e, "Fatal error on WriteEof", report: !IsConnectionError(e));
        }
    }

    public override void Close()
    {
        _closedByUser = true;
        if (_closing)
        {
            return;
        }

        _closing = true;
        if (!HasBufferedWrites)
        {
            ScheduleConnectionLost(null);
        }
    }

    public override void Abort()
    {
        _closedByUser = true;
        _aborted = true;
        ForceClose(null);
    }

    /// <summary>Reports (unless it is an ordinary connection failure) and aborts with <paramref name="error"/>.</summary>
    private protected void FatalError(Exception error, string message, bool report)
    {
        if (report || Loop.Debug)
        {
            Report(error, message);
        }

        ForceClose(error);
    }

    private void Report(Exception error, string message) =>
        Loop.CallExceptionHandler(new ExceptionContext(message, error)
        {
            Extra = new Dictionary<string, object?> { ["transport"] = this, ["protocol"] = _protocol },
        });

    private void ForceClose(Exception? error)
    {
        if (_lostScheduled)
        {
            return;
        }

        _closing = true;
        _pendingLength = 0;
        ScheduleConnectionLost(error);
    }

    private void ScheduleConnectionLost(Exception? error)
    {
        if (_lostScheduled)
        {
            return;
        }

        _lostScheduled = true;
        _lostError = error;
        Loop.EnqueueReady(s_connectionLost, this, Loop.BaseContext);
    }

    private void CallConnectionLost()
    {
        try
        {
            if (_started)
            {
                _protocol.ConnectionLost(_lostError);
            }
        }
        catch (Exception e)
        {
            Report(e, "Fatal error: protocol.ConnectionLost() call failed.");
        }
        finally
        {
            _lost = true;
            _lostError = null;
            CloseIo(_aborted);
            if (!_readInFlight)
            {
                ReturnReadBuffer();
            }

            if (!_sendInFlight)
            {
                ReturnWriteBuffers();
            }

            _flushed?.WakeAll();
            OnLost?.Invoke(this);
        }
    }

    private void ReturnReadBuffer()
    {
        if (_readBuffer is { } b)
        {
            _readBuffer = null;
            ArrayPool<byte>.Shared.Return(b);
        }
    }

    private void ReturnWriteBuffers()
    {
        if (_pending.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_pending);
        }

        if (_sending.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_sending);
        }

        _pending = [];
        _sending = [];
        _pendingLength = 0;
    }

    /// <summary>Errors that are a normal part of networking (reset, broken pipe): not reported outside debug mode.</summary>
    internal static bool IsConnectionError(Exception e) => e switch
    {
        SocketException => true,
        IOException { InnerException: SocketException } => true,
        IOException => true,
        ObjectDisposedException => true,
        _ => false,
    };

    /// <summary>Unwraps the <see cref="SocketException"/> a stream wraps in an <see cref="IOException"/>.</summary>
    internal static Exception Normalize(Exception e) =>
        e is IOException { InnerException: SocketException se } ? se : e;
}
