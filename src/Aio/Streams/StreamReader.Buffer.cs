using System.Buffers;
using System.Runtime.CompilerServices;
using System.Threading.Tasks.Sources;

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
        var w = ArmRead(caller, wanted: 0);
        return new ValueTask(w, w.Version);
    }

    /// <summary>
    /// Starts the one wait for incoming data. <paramref name="wanted"/> is the size a waiting
    /// <see cref="ReadAsync(int)"/> asked for (0 for every other read), which lets a large read lend its own array.
    /// </summary>
    private ReadWaiter ArmRead(string caller, int wanted)
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
        w.Wanted = wanted;
        if (w.Arm(context))
        {
            _waiter = w;
        }

        return w;
    }

    /// <summary>Takes up to <paramref name="n"/> buffered bytes as a new array (empty at EOF).</summary>
    private byte[] TakeUpTo(int n)
    {
        var data = Take(Math.Min(n, BufferedCount));
        MaybeResume();
        return data;
    }

    /// <summary>Copies up to <paramref name="target"/>.Length buffered bytes into it (0 at EOF).</summary>
    private int CopyOut(Span<byte> target)
    {
        var n = Math.Min(target.Length, BufferedCount);
        _buffer.AsSpan(_start, n).CopyTo(target);
        Skip(n);
        MaybeResume();
        return n;
    }

    [AsyncMethodBuilder(typeof(AioMethodBuilder<>))]
    private async ValueTask<byte[]> ReadToEofAsync()
    {
        var all = new ArrayBufferWriter<byte>();
        while (true)
        {
            var block = await ReadAsync(Limit);
            if (block.Length == 0)
            {
                return all.WrittenSpan.ToArray();
            }

            all.Write(block);
        }
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
        if (_buffer.Length - _end < data.Length || ReferenceEquals(_buffer, _lent))
        {
            Reserve(data.Length, Math.Max(4096, _buffer.Length));
        }

        data.CopyTo(_buffer.AsSpan(_end));
        _end += data.Length;
    }

    /// <summary>
    /// Makes room for <paramref name="needed"/> bytes after the buffered ones: by moving them to the front, or in a
    /// new array with <paramref name="extra"/> bytes of room. A lent array is never written or given back to the
    /// pool, since a receive may still be writing into it.
    /// </summary>
    private void Reserve(int needed, int extra)
    {
        var count = BufferedCount;
        var lent = ReferenceEquals(_buffer, _lent);
        if (!lent && _buffer.Length >= count + needed)
        {
            _buffer.AsSpan(_start, count).CopyTo(_buffer);
        }
        else
        {
            var bigger = ArrayPool<byte>.Shared.Rent(count + Math.Max(needed, extra));
            _buffer.AsSpan(_start, count).CopyTo(bigger);
            if (_bufferPooled && !lent)
            {
                ArrayPool<byte>.Shared.Return(_buffer);
            }

            if (_spare is not null)
            {
                ArrayPool<byte>.Shared.Return(_spare);
                _spare = null;
            }

            _buffer = bigger;
            _bufferPooled = true;
        }

        _start = 0;
        _end = count;
    }

    private byte[] Take(int n)
    {
        if (!_bufferPooled && _start == 0 && n == _end && n == _buffer.Length && !ReferenceEquals(_buffer, _lent))
        {
            // A receive made straight into an array of the size asked for: it is the result.
            var whole = _buffer;
            RestoreSpare();
            return whole;
        }

        // Every byte is overwritten at once, so the array need not be zeroed first: for large reads the
        // zeroing cost more than the copy.
        var data = GC.AllocateUninitializedArray<byte>(n);
        _buffer.AsSpan(_start, n).CopyTo(data);
        Skip(n);
        return data;
    }

    private void Skip(int n)
    {
        _start += n;
        if (_start == _end && !ReferenceEquals(_buffer, _lent))
        {
            _start = _end = 0;
            if (!_bufferPooled)
            {
                RestoreSpare();
            }
            else if (_buffer.Length > 4 * Limit)
            {
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = [];
                _bufferPooled = false;
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

    /// <summary>
    /// The one pending read's wait; cancelling it leaves the data for the next read (bytes a receive already wrote
    /// into the read's own memory are put back in front of the buffer). <see cref="ReadAsync(int)"/> and
    /// <see cref="ReadAsync(Memory{byte})"/> return it directly as their awaitable and take their bytes when the
    /// reading code resumes, as an async method would after its await: an async method around this one wait, even on
    /// <see cref="AioMethodBuilder{TResult}"/>, costs about as much again as the wait (docs/performance.md).
    /// </summary>
    private sealed class ReadWaiter : Waiter, IValueTaskSource<int>, IValueTaskSource<byte[]>
    {
        internal AsyncStreamReader? Reader;
        internal int Wanted;
        internal Memory<byte> Target;

        /// <summary>Bytes a receive wrote straight into <see cref="Target"/>; -1 when the read takes them from the buffer.</summary>
        internal int Received = -1;

        ValueTaskSourceStatus IValueTaskSource<int>.GetStatus(short token) => GetStatusCore(token);

        ValueTaskSourceStatus IValueTaskSource<byte[]>.GetStatus(short token) => GetStatusCore(token);

        void IValueTaskSource<int>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
            OnCompletedCore(continuation, state, token);

        void IValueTaskSource<byte[]>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
            OnCompletedCore(continuation, state, token);

        int IValueTaskSource<int>.GetResult(short token)
        {
            var (reader, target, received) = (Reader, Target, Received);
            TakeOutcome(token);
            return received >= 0 ? received : reader!.CopyOut(target.Span);
        }

        byte[] IValueTaskSource<byte[]>.GetResult(short token)
        {
            var (reader, wanted) = (Reader, Wanted);
            TakeOutcome(token);
            return reader!.TakeUpTo(wanted);
        }

        private protected override void OnCancelled()
        {
            if (Reader is { } r && ReferenceEquals(r._waiter, this))
            {
                r._waiter = null;
            }
        }

        /// <summary>
        /// A read cancelled after a receive filled its memory gives the bytes back to the reader. The task has not
        /// resumed since, so the memory still holds them.
        /// </summary>
        private protected override bool TryRevoke()
        {
            if (Received > 0)
            {
                Reader!.PutBack(Target.Span[..Received]);
            }

            Received = -1;
            return true;
        }

        private protected override void Release(EventLoop loop)
        {
            Reader = null;
            Wanted = 0;
            Target = default;
            Received = -1;
            loop.Pool<ReadWaiter>().Return(this);
        }
    }
}
