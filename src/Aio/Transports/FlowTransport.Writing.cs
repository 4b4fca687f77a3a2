using System.Buffers;

namespace Aio;

internal abstract partial class FlowTransport
{
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
            return;
        }

        if (!CanRead)
        {
            // A write-only pipe has nothing left once its end is closed: it ends, as asyncio's write pipe does.
            CloseCore();
        }
    }
}
