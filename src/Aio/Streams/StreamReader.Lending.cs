namespace Aio;

/// <summary>
/// Receiving straight into the reader: the stream protocol is a <see cref="BufferedProtocol"/>, so the transport
/// receives into memory the reader lends instead of a buffer of its own that would then be copied.
/// </summary>
public sealed partial class AsyncStreamReader
{
    // Below this a read's own array is not worth lending: the copy out of the buffer is cheap.
    private const int DirectReadMin = 16 * 1024;

    /// <summary>
    /// Lends memory to the receive about to be made. Called with no receive outstanding, so a region lent before is
    /// no longer written and the buffer may move. Usually that is the free end of the buffer: the room starts
    /// small, so a connection of small messages keeps a small buffer, and doubles up to the transport's 256 KiB
    /// each time a receive fills it. When a large <see cref="ReadAsync(int)"/> waits on an empty buffer and the
    /// last receive was at least that large, the read's own result array is lent instead, so that a receive that
    /// fills it needs no copy at all. A large <see cref="ReadAsync(Memory{byte})"/> waiting on an empty buffer
    /// lends the caller's memory the same way, but only to a <paramref name="synchronous"/> receive (made and
    /// delivered before the transport returns): a receive left outstanding could still write into that memory
    /// after the read was cancelled and the caller had taken its memory back.
    /// </summary>
    internal Memory<byte> Lend(bool synchronous = false)
    {
        _lent = null;
        _lentInto = null;
        if (_start == _end)
        {
            _start = _end = 0;
        }

        if (synchronous && _waiter is { } reading && reading.Target.Length >= DirectReadMin && _start == _end)
        {
            _lentInto = reading;
            return reading.Target;
        }

        if (_waiter is { Wanted: >= DirectReadMin } w && _start == _end && _lastFill >= w.Wanted)
        {
            var target = GC.AllocateUninitializedArray<byte>(w.Wanted);
            LendRegion(target, 0, direct: true);
            return target;
        }

        if (_buffer.Length - _end < _lendSize)
        {
            Reserve(_lendSize, _lendSize);
        }

        LendRegion(_buffer, _end, direct: false);
        return _buffer.AsMemory(_end);
    }

    /// <summary>The receive into the lent memory wrote <paramref name="count"/> bytes.</summary>
    internal void Filled(int count)
    {
        if (_lentInto is { } into)
        {
            FilledInto(into, count);
            return;
        }

        var lent = _lent!;
        _lent = null;
        _lastFill = count;
        if (!_lentDirect && count == _lentLength && _lendSize < FlowTransport.ReadBufferSize)
        {
            // The receive filled all it was given: more was waiting, so lend more next time.
            _lendSize *= 2;
        }

        if (_eof)
        {
            throw new InvalidOperationException("FeedData() after FeedEof()");
        }

        if (_lentDirect && _start == _end)
        {
            // The read's array becomes the buffer; the pooled one waits aside until it is emptied.
            if (_bufferPooled && _spare is null)
            {
                _spare = _buffer;
            }

            _buffer = lent;
            _bufferPooled = false;
            _start = 0;
            _end = count;
        }
        else if (ReferenceEquals(lent, _buffer) && _lentAt == _end)
        {
            _end += count;
        }
        else
        {
            // Bytes were fed by hand meanwhile, so the buffer moved on: take the received ones from where they are.
            Append(lent.AsSpan(_lentAt, count));
        }

        OnFed();
    }

    /// <summary>The receive wrote <paramref name="count"/> bytes straight into the memory of the read <paramref name="into"/>.</summary>
    private void FilledInto(ReadWaiter into, int count)
    {
        _lentInto = null;
        _lastFill = count;
        if (_eof)
        {
            throw new InvalidOperationException("FeedData() after FeedEof()");
        }

        if (ReferenceEquals(_waiter, into) && _start == _end)
        {
            into.Received = count;
            Wake(null);
        }
        else
        {
            // Not reachable from a synchronous receive; kept correct all the same: the bytes go to the buffer.
            Append(into.Target.Span[..count]);
            OnFed();
        }
    }

    /// <summary>
    /// Puts bytes a cancelled read had received into its own memory back in front of the buffer, so the next read
    /// gets them first.
    /// </summary>
    private void PutBack(ReadOnlySpan<byte> data)
    {
        var after = _buffer.AsSpan(_start, BufferedCount).ToArray();
        _start = _end;
        Append(data);
        Append(after);
        OnFed();
    }

    private void LendRegion(byte[] array, int at, bool direct)
    {
        _lent = array;
        _lentAt = at;
        _lentLength = array.Length - at;
        _lentDirect = direct;
    }

    /// <summary>Drops an emptied read-sized array that served as the buffer and takes the pooled one back.</summary>
    private void RestoreSpare()
    {
        _buffer = _spare ?? [];
        _bufferPooled = _spare is not null;
        _spare = null;
        _start = _end = 0;
    }
}
