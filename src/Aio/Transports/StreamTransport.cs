using System.Runtime.CompilerServices;

namespace Aio;

/// <summary>
/// A transport over .NET streams: TLS (<see cref="System.Net.Security.SslStream"/>) and subprocess pipes. Either
/// side may be absent (a pipe reads or writes). Completions hop to the loop like the socket transport's.
/// </summary>
internal sealed class StreamTransport : FlowTransport
{
    private readonly Stream? _readStream;
    private Stream? _writeStream;
    private readonly bool _canWriteEof;
    private readonly Action _readDone;
    private readonly Action _writeDone;
    private ConfiguredValueTaskAwaitable<int>.ConfiguredValueTaskAwaiter _readAwaiter;
    private ConfiguredValueTaskAwaitable.ConfiguredValueTaskAwaiter _writeAwaiter;
    private int _writeCount;

    internal StreamTransport(EventLoop loop, Protocol protocol, Stream? readStream, Stream? writeStream, bool canWriteEof)
        : base(loop, protocol)
    {
        _readStream = readStream;
        _writeStream = writeStream;
        _canWriteEof = canWriteEof;
        _readDone = ReadDone;
        _writeDone = WriteDone;
    }

    private protected override bool CanRead => _readStream is not null;

    public override bool CanWriteEof() => _canWriteEof;

    private protected override void BeginReceive()
    {
        if (!TryLendReceiveBuffer(synchronous: false, out var buffer))
        {
            return;
        }

        try
        {
            _readAwaiter = _readStream!.ReadAsync(buffer).ConfigureAwait(false).GetAwaiter();
        }
        catch (Exception e)
        {
            ReceiveCompleted(0, FlowTransport.Normalize(e));
            return;
        }

        if (_readAwaiter.IsCompleted)
        {
            ReadDone();
        }
        else
        {
            _readAwaiter.UnsafeOnCompleted(_readDone);
        }
    }

    private void ReadDone()
    {
        var awaiter = _readAwaiter;
        _readAwaiter = default;
        try
        {
            ReceiveCompleted(awaiter.GetResult(), null);
        }
        catch (Exception e)
        {
            ReceiveCompleted(0, FlowTransport.Normalize(e));
        }
    }

    private protected override int TrySendNow(ReadOnlySpan<byte> data, out Exception? error)
    {
        error = _writeStream is null ? new NotSupportedException("This transport is read-only.") : null;
        return 0;
    }

    private protected override void BeginSend(byte[] buffer, int offset, int count)
    {
        _writeCount = count;
        try
        {
            _writeAwaiter = _writeStream!.WriteAsync(buffer.AsMemory(offset, count)).ConfigureAwait(false).GetAwaiter();
        }
        catch (Exception e)
        {
            SendCompleted(0, FlowTransport.Normalize(e));
            return;
        }

        if (_writeAwaiter.IsCompleted)
        {
            WriteDone();
        }
        else
        {
            _writeAwaiter.UnsafeOnCompleted(_writeDone);
        }
    }

    private void WriteDone()
    {
        var awaiter = _writeAwaiter;
        _writeAwaiter = default;
        try
        {
            awaiter.GetResult();
            SendCompleted(_writeCount, null);
        }
        catch (Exception e)
        {
            SendCompleted(0, FlowTransport.Normalize(e));
        }
    }

    private protected override void ShutdownSend()
    {
        var w = _writeStream;
        _writeStream = null;
        if (!ReferenceEquals(w, _readStream))
        {
            w?.Dispose();
        }
    }

    private protected override void CloseIo(bool abort)
    {
        _readStream?.Dispose();
        _writeStream?.Dispose();
    }
}
