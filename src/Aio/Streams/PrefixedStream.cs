namespace Aio;

/// <summary>
/// A stream that first returns the bytes of the receive that was outstanding when STARTTLS began (once it
/// completes), then reads and writes the inner stream.
/// </summary>
internal sealed class PrefixedStream(Task<(byte[]? Buffer, int Count, Exception? Error)> pending, Stream inner) : Stream
{
    private byte[]? _prefix;
    private int _count;
    private int _offset;
    private bool _taken;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int length) => Read(buffer.AsSpan(offset, length));

    public override int Read(Span<byte> buffer)
    {
        if (!_taken)
        {
            Collect(pending.GetAwaiter().GetResult());
        }

        if (_prefix is not null && _offset < _count)
        {
            return TakePrefix(buffer);
        }

        return inner.Read(buffer);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (!_taken)
        {
            Collect(await pending.WaitAsync(cancellationToken).ConfigureAwait(false));
            if (_count == 0)
            {
                return 0;
            }
        }

        if (_prefix is not null && _offset < _count)
        {
            // A zero-byte read asks only whether data is available: it is.
            return TakePrefix(buffer.Span);
        }

        return await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
    }

    private void Collect((byte[]? Buffer, int Count, Exception? Error) received)
    {
        _taken = true;
        if (received.Error is { } e)
        {
            throw new IOException("The connection failed while starting TLS", e);
        }

        _prefix = received.Buffer;
        _count = received.Count;
        if (_prefix is null)
        {
            _count = -1;
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int length, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, length), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int length) => inner.Write(buffer, offset, length);

    public override void Write(ReadOnlySpan<byte> buffer) => inner.Write(buffer);

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        inner.WriteAsync(buffer, cancellationToken);

    public override Task WriteAsync(byte[] buffer, int offset, int length, CancellationToken cancellationToken) =>
        inner.WriteAsync(buffer, offset, length, cancellationToken);

    public override void Flush() => inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private int TakePrefix(Span<byte> buffer)
    {
        if (_prefix is null || _offset >= _count)
        {
            return 0;
        }

        var n = Math.Min(buffer.Length, _count - _offset);
        _prefix.AsSpan(_offset, n).CopyTo(buffer);
        _offset += n;
        return n;
    }
}
