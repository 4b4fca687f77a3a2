using System.Buffers;

namespace Aio;

public sealed partial class AsyncStreamReader
{
    private void ThrowIfFailed()
    {
        if (_exception is { } e)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e);
        }
    }

    private ValueTask WaitForDataAsync(string caller)
    {
        if (_waiter is not null)
        {
            throw new InvalidOperationException($"{caller}() called while another coroutine is already waiting for incoming data");
        }

        if (_paused)
        {
            _paused = false;
            _transport!.ResumeReading();
        }

        var context = Asyncio.RequireContext();
        var w = context.Loop.Pool<ReadWaiter>().Rent();
        w.Reader = this;
        if (w.Arm(context))
        {
            _waiter = w;
        }

        return new ValueTask(w, w.Version);
    }

    private void Wake(Exception? error)
    {
        var w = _waiter;
        if (w is not null)
        {
            _waiter = null;
            w.Complete(error);
        }
    }

    private void MaybeResume()
    {
        if (_paused && BufferedCount <= Limit)
        {
            _paused = false;
            _transport!.ResumeReading();
        }
    }

    private void Append(ReadOnlySpan<byte> data)
    {
        var count = BufferedCount;
        if (_buffer.Length - _end < data.Length)
        {
            if (_buffer.Length >= count + data.Length && _start > 0)
            {
                _buffer.AsSpan(_start, count).CopyTo(_buffer);
            }
            else
            {
                var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(count + data.Length, Math.Max(4096, _buffer.Length * 2)));
                _buffer.AsSpan(_start, count).CopyTo(bigger);
                if (_buffer.Length > 0)
                {
                    ArrayPool<byte>.Shared.Return(_buffer);
                }

                _buffer = bigger;
            }

            _start = 0;
            _end = count;
        }

        data.CopyTo(_buffer.AsSpan(_end));
        _end += data.Length;
    }

    private byte[] Take(int n)
    {
        var data = _buffer.AsSpan(_start, n).ToArray();
        Skip(n);
        return data;
    }

    private void Skip(int n)
    {
        _start += n;
        if (_start == _end)
        {
            _start = _end = 0;
            if (_buffer.Length > 4 * Limit)
            {
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = [];
            }
        }
    }

    private bool StartsWith(int offset, byte[] separator) =>
        BufferedCount - offset >= separator.Length && _buffer.AsSpan(_start + offset, separator.Length).SequenceEqual(separator);

    /// <summary>The earliest-ending match of any separator at or after <paramref name="offset"/>; (-1, -1) if none.</summary>
    private (int Start, int End) Find(byte[][] separators, int offset)
    {
        var data = _buffer.AsSpan(_start + offset, BufferedCount - offset);
        int start = -1, end = -1;
        foreach (var s in separators)
        {
            var i = data.IndexOf(s);
            if (i >= 0 && (end < 0 || offset + i + s.Length < end))
            {
                start = offset + i;
                end = start + s.Length;
            }
        }

        return (start, end);
    }

    /// <summary>The one pending read's wait; cancelling it leaves the buffered data untouched.</summary>
    private sealed class ReadWaiter : Waiter
    {
        internal AsyncStreamReader? Reader;

        private protected override void OnCancelled()
        {
            if (Reader is { } r && ReferenceEquals(r._waiter, this))
            {
                r._waiter = null;
            }
        }

        private protected override void Release(EventLoop loop)
        {
            Reader = null;
            loop.Pool<ReadWaiter>().Return(this);
        }
    }
}
