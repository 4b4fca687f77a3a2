using System.Buffers;
using System.Net.Sockets;

namespace Aio;

/// <summary>
/// The loop side of every stream transport: the protocol callbacks, the read-pause state, the write buffer with
/// its water marks, and the close sequence. Subclasses only start I/O and report its completion, from any thread,
/// through <see cref="ReceiveCompleted"/> and <see cref="SendCompleted"/>; each completion is one post to the loop.
/// </summary>
internal abstract partial class FlowTransport : Transport
{
    // asyncio reads up to 256 KiB per recv; a smaller buffer costs a second loop pass for each large message.
    internal const int ReadBufferSize = 256 * 1024;
    private static readonly Action<object?> s_onReceive = static s => ((FlowTransport)s!).OnReceive();
    private static readonly Action<object?> s_onSend = static s => ((FlowTransport)s!).OnSend();
    private static readonly Action<object?> s_connectionLost = static s => ((FlowTransport)s!).CallConnectionLost();

    private readonly Dictionary<string, object?> _extra = [];
    private Protocol _protocol;
    private byte[]? _readBuffer;
    private Memory<byte> _receiving; // where the outstanding receive writes
    private BufferedProtocol? _lender; // the protocol whose memory that is, if any
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
        loop.TrackResource(this);
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

    /// <summary>
    /// Starts a receive into memory from <see cref="TryLendReceiveBuffer"/>; must end with
    /// <see cref="ReceiveCompleted"/> (or <see cref="ReceiveCompletedOnLoop"/>).
    /// </summary>
    private protected abstract void BeginReceive();

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

    /// <summary>A receive finished on the loop thread, inside a callback: delivered at once, with no post.</summary>
    private protected void ReceiveCompletedOnLoop(int count, Exception? error)
    {
        _received = count;
        _receiveError = error;
        OnReceive();
    }

    /// <summary>A send finished on the loop thread, inside a callback: delivered at once, with no post.</summary>
    private protected void SendCompletedOnLoop(int count, Exception? error)
    {
        _sent = count;
        _sendError = error;
        OnSend();
    }

    /// <summary>
    /// A readiness-driven transport stopped waiting (closed or handed over): nothing is outstanding any more, no
    /// completion will come.
    /// </summary>
    private protected void ForgetOutstandingIo(bool reads, bool sends)
    {
        _readInFlight &= !reads;
        _sendInFlight &= !sends;
    }

    /// <summary>Whether a receive is outstanding (STARTTLS must collect it before handing the socket over).</summary>
    private protected bool ReadInFlight => _readInFlight;

    /// <summary>A hook that may take a completed receive instead of delivering it (STARTTLS); true if taken.</summary>
    private protected virtual bool DivertReceive(ReadOnlySpan<byte> data, Exception? error) => false;

    /// <summary>
    /// The memory the receive about to be made writes into: a <see cref="BufferedProtocol"/>'s own, else the
    /// transport's buffer, or for a receive made and completed within this callback (<paramref name="synchronous"/>)
    /// the loop's shared one, so an idle connection holds none. False after a protocol failure, which ends the
    /// transport: then make no receive.
    /// </summary>
    private protected bool TryLendReceiveBuffer(bool synchronous, out Memory<byte> buffer)
    {
        if (_protocol is BufferedProtocol lender)
        {
            try
            {
                buffer = lender.GetReceiveBuffer(ReadBufferSize, synchronous);
                if (buffer.IsEmpty)
                {
                    throw new InvalidOperationException("GetBuffer() returned an empty buffer");
                }
            }
            catch (Exception e)
            {
                buffer = default;
                _readInFlight = false;
                FatalError(e, "Fatal error: protocol.GetBuffer() call failed.", report: true);
                return false;
            }

            _lender = lender;
        }
        else
        {
            buffer = synchronous ? Loop.SharedReceiveBuffer : (_readBuffer ??= ArrayPool<byte>.Shared.Rent(ReadBufferSize));
            _lender = null;
        }

        _receiving = buffer;
        return true;
    }

    private void StartReading()
    {
        if (_readInFlight || _readPaused || _closing || _readEof || !_started || !CanRead)
        {
            return;
        }

        _readInFlight = true;
        BeginReceive();
    }

    private void OnReceive()
    {
        _readInFlight = false;
        var received = _receiving[.._received];
        var lender = _lender;
        var error = _receiveError;
        _receiving = default;
        _lender = null;
        _receiveError = null;
        if (DivertReceive(received.Span, error))
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

        if (received.IsEmpty)
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
                // Closing on the peer's EOF is not the user's Close(): later writes are dropped, not errors.
                CloseCore();
            }

            return;
        }

        try
        {
            if (lender is not null && ReferenceEquals(lender, _protocol))
            {
                lender.BufferUpdated(received.Length);
            }
            else
            {
                // Also the case of a protocol replaced during the receive: the new one is given the bytes.
                _protocol.DataReceived(received.Span);
            }
        }
        catch (Exception e)
        {
            FatalError(e, lender is null ? "Fatal error: protocol.DataReceived() call failed." : "Fatal error: protocol.BufferUpdated() call failed.", report: true);
            return;
        }

        StartReading();
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

}
