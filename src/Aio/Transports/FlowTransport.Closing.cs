using System.Buffers;
using System.Net.Sockets;

namespace Aio;

internal abstract partial class FlowTransport
{
    public override void Close()
    {
        _closedByUser = true;
        CloseCore();
    }

    private void CloseCore()
    {
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
            Loop.ForgetResource(this);
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
        _receiving = default;
        _lender = null;
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
