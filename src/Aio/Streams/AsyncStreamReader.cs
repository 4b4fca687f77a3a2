using System.Buffers;
using System.Runtime.CompilerServices;

namespace Aio;

/// <summary>
/// The reading half of a stream connection: asyncio's <c>asyncio.StreamReader</c>. Loop thread only; one reader
/// may wait at a time. Every read that waits is an Aio wait (task cancellation and cancel scopes end it; data it
/// had not taken stays in the buffer). <c>await foreach</c> yields lines until EOF.
/// </summary>
/// <remarks>
/// The buffer is bounded by flow control: when it holds more than twice <see cref="Limit"/> the transport stops
/// receiving, and it resumes once reads bring it down to the limit.
/// </remarks>
public sealed partial class AsyncStreamReader : IAsyncEnumerable<byte[]>
{
    /// <summary>asyncio's default limit: 64 KiB.</summary>
    public const int DefaultLimit = 64 * 1024;

    private static readonly byte[] s_newline = [(byte)'\n'];
    private static readonly byte[][] s_newlineOnly = [s_newline]; // ReadLineAsync's separators, told apart by reference
    private byte[] _buffer = [];
    private int _start;
    private int _end;
    private bool _eof;
    private bool _paused;
    private Exception? _exception;
    private ReadWaiter? _waiter;
    private Transport? _transport;
    private bool _bufferPooled; // whether _buffer came from the shared ArrayPool
    private byte[]? _spare; // the pooled buffer, set aside while a read-sized array serves as the buffer
    private byte[]? _lent; // the array a receive may be writing into, from _lentAt on
    private int _lentAt;
    private int _lentLength;
    private bool _lentDirect; // _lent is a read's own result array
    private ReadWaiter? _lentInto; // the read whose own memory a synchronous receive is writing into
    private int _lendSize = 4 * 1024;
    private int _lastFill;

    /// <summary>Creates a reader with a buffer limit (asyncio's <c>AsyncStreamReader(limit=...)</c>).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is zero or negative ("Limit cannot be &lt;= 0").</exception>
    public AsyncStreamReader(int limit = DefaultLimit)
    {
        if (limit <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), "Limit cannot be <= 0");
        }

        Limit = limit;
    }

    /// <summary>The limit for lines and separators, and the flow-control threshold.</summary>
    public int Limit { get; }

    /// <summary>The number of bytes buffered and not yet read.</summary>
    public int BufferedCount => _end - _start;

    /// <summary>The error set with <see cref="SetException"/> (the one that broke the connection), or null: asyncio's <c>exception()</c>.</summary>
    public Exception? Exception => _exception;

    /// <summary>Whether EOF was fed and the buffer is empty: asyncio's <c>at_eof()</c>.</summary>
    public bool AtEof => _eof && _start == _end;

    internal void SetTransport(Transport transport)
    {
        _transport = transport;
        _paused = false;
    }

    /// <summary>Appends received bytes and wakes the waiting reader: asyncio's <c>feed_data()</c>.</summary>
    /// <exception cref="InvalidOperationException">EOF was already fed.</exception>
    public void FeedData(ReadOnlySpan<byte> data)
    {
        if (_eof)
        {
            throw new InvalidOperationException("FeedData() after FeedEof()");
        }

        if (data.IsEmpty)
        {
            return;
        }

        Append(data);
        OnFed();
    }

    private void OnFed()
    {
        Wake(null);
        if (_transport is not null && !_paused && BufferedCount > 2 * Limit)
        {
            _transport.PauseReading();
            _paused = true;
        }
    }

    /// <summary>Marks EOF and wakes the waiting reader: asyncio's <c>feed_eof()</c>.</summary>
    public void FeedEof()
    {
        _eof = true;
        Wake(null);
    }

    /// <summary>Stores <paramref name="error"/>; reads raise it from now on: asyncio's <c>set_exception()</c>.</summary>
    public void SetException(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        _exception = error;
        Wake(error);
    }

    /// <summary>
    /// Reads up to <paramref name="n"/> bytes: asyncio's <c>read(n)</c>. 0 returns an empty array; a positive
    /// <paramref name="n"/> returns as soon as at least one byte is buffered (empty only at EOF); -1 reads to EOF.
    /// An Aio wait.
    /// </summary>
    /// <exception cref="InvalidOperationException">Another read is already waiting.</exception>
    public ValueTask<byte[]> ReadAsync(int n = -1)
    {
        try
        {
            ThrowIfFailed();
            if (n == 0)
            {
                return new ValueTask<byte[]>([]);
            }

            if (n < 0)
            {
                return ReadToEofAsync();
            }

            if (_start != _end || _eof)
            {
                return new ValueTask<byte[]>(TakeUpTo(n));
            }

            var w = ArmRead("ReadAsync", wanted: n);
            return new ValueTask<byte[]>(w, w.Version);
        }
        catch (Exception e)
        {
            return ValueTask.FromException<byte[]>(e);
        }
    }

    /// <summary>
    /// Reads up to <paramref name="buffer"/>.Length bytes into <paramref name="buffer"/> and returns the count, as
    /// soon as at least one byte is buffered; 0 only at EOF (or for an empty buffer). The allocation-free form of
    /// <see cref="ReadAsync(int)"/>, in .NET's <see cref="Stream.ReadAsync(Memory{byte}, CancellationToken)"/> style.
    /// An Aio wait. A read of 16 KiB or more that waits on an empty buffer of a socket the loop polls itself (Linux)
    /// receives straight into <paramref name="buffer"/>, with no copy; until it completes, the buffer's contents are
    /// undefined, as with any .NET stream read.
    /// </summary>
    /// <exception cref="InvalidOperationException">Another read is already waiting.</exception>
    public ValueTask<int> ReadAsync(Memory<byte> buffer)
    {
        try
        {
            ThrowIfFailed();
            if (buffer.IsEmpty)
            {
                return new ValueTask<int>(0);
            }

            if (_start != _end || _eof)
            {
                return new ValueTask<int>(CopyOut(buffer.Span));
            }

            var w = ArmRead("ReadAsync", wanted: 0);
            w.Target = buffer;
            return new ValueTask<int>(w, w.Version);
        }
        catch (Exception e)
        {
            return ValueTask.FromException<int>(e);
        }
    }

    /// <summary>
    /// Reads exactly <paramref name="n"/> bytes: asyncio's <c>readexactly(n)</c>. An Aio wait.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="n"/> is negative.</exception>
    /// <exception cref="IncompleteReadError">EOF came first; <c>Partial</c> has what was read, <c>Expected</c> is <paramref name="n"/>.</exception>
    [AsyncMethodBuilder(typeof(AioMethodBuilder<>))]
    public async ValueTask<byte[]> ReadExactlyAsync(int n)
    {
        if (n < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(n), "readexactly size can not be less than zero");
        }

        ThrowIfFailed();
        if (n == 0)
        {
            return [];
        }

        while (BufferedCount < n)
        {
            if (_eof)
            {
                var partial = Take(BufferedCount);
                throw new IncompleteReadError(partial, n);
            }

            await WaitForDataAsync("ReadExactlyAsync");
        }

        var data = Take(n);
        MaybeResume();
        return data;
    }

    /// <summary>
    /// Reads one line, ending with <c>\n</c>: asyncio's <c>readline()</c>. At EOF returns the partial line, then
    /// empty arrays. An Aio wait.
    /// </summary>
    /// <exception cref="LimitOverrunError">The line is longer than <see cref="Limit"/>: the line is dropped if its end
    /// was found, else the buffer is cleared (asyncio raises <c>ValueError</c> with the same message).</exception>
    public ValueTask<byte[]> ReadLineAsync() => ReadUntilCoreAsync(s_newlineOnly, "ReadLineAsync");

    /// <summary>
    /// Reads up to and including <paramref name="separator"/>: asyncio's <c>readuntil(separator)</c>. An Aio wait.
    /// </summary>
    /// <exception cref="ArgumentException">The separator is empty.</exception>
    /// <exception cref="IncompleteReadError">EOF came first: the buffer's bytes are in <c>Partial</c> (buffer cleared), <c>Expected</c> is null.</exception>
    /// <exception cref="LimitOverrunError">No separator within <see cref="Limit"/>; the data stays in the buffer.</exception>
    public ValueTask<byte[]> ReadUntilAsync(byte[] separator)
    {
        ArgumentNullException.ThrowIfNull(separator);
        return ReadUntilAsync([separator]);
    }

    /// <summary>
    /// Reads up to and including whichever of <paramref name="separators"/> ends first: asyncio 3.13's
    /// <c>readuntil((sep1, sep2, ...))</c>. Errors as <see cref="ReadUntilAsync(byte[])"/>.
    /// </summary>
    public ValueTask<byte[]> ReadUntilAsync(params byte[][] separators)
    {
        ArgumentNullException.ThrowIfNull(separators);
        if (separators.Length == 0 || separators.Any(s => s is null || s.Length == 0))
        {
            throw new ArgumentException("Separator should be at least one-byte string", nameof(separators));
        }

        return ReadUntilCoreAsync(separators, "ReadUntilAsync");
    }

    /// <summary>
    /// The read of <see cref="ReadUntilAsync(byte[][])"/>, and of <see cref="ReadLineAsync"/> when
    /// <paramref name="separators"/> is <see cref="s_newlineOnly"/>: a line read returns the partial line at EOF instead
    /// of raising, and drops an overlong line before raising (asyncio's <c>readline()</c> does both by catching
    /// <c>readuntil()</c>'s errors; here the line read raises nothing it would catch, so EOF costs no exception).
    /// </summary>
    [AsyncMethodBuilder(typeof(AioMethodBuilder<>))]
    private async ValueTask<byte[]> ReadUntilCoreAsync(byte[][] separators, string caller)
    {
        ThrowIfFailed();
        int minLength = int.MaxValue, maxLength = 0;
        foreach (var s in separators)
        {
            minLength = Math.Min(minLength, s.Length);
            maxLength = Math.Max(maxLength, s.Length);
        }

        var offset = 0;
        int matchStart, matchEnd;
        while (true)
        {
            var length = BufferedCount;
            if (length - offset >= minLength)
            {
                (matchStart, matchEnd) = Find(separators, offset);
                if (matchEnd >= 0)
                {
                    break;
                }

                offset = Math.Max(0, length + 1 - maxLength);
                if (offset > Limit)
                {
                    throw Overrun("Separator is not found, and chunk exceed the limit", offset, separators);
                }
            }

            if (_eof)
            {
                var partial = Take(BufferedCount);
                return ReferenceEquals(separators, s_newlineOnly) ? partial : throw new IncompleteReadError(partial, null);
            }

            await WaitForDataAsync(caller);
        }

        if (matchStart > Limit)
        {
            throw Overrun("Separator is found, but chunk is longer than limit", matchStart, separators);
        }

        var chunk = Take(matchEnd);
        MaybeResume();
        return chunk;
    }

    /// <summary>
    /// The error for a separator not found within the limit. <c>readuntil()</c> keeps the data; <c>readline()</c>
    /// drops the line when its end was found, else the whole buffer.
    /// </summary>
    private LimitOverrunError Overrun(string message, int consumed, byte[][] separators)
    {
        if (ReferenceEquals(separators, s_newlineOnly))
        {
            Skip(StartsWith(consumed, s_newline) ? consumed + 1 : BufferedCount);
            MaybeResume();
        }

        return new LimitOverrunError(message, consumed);
    }

    /// <summary>Reads lines until EOF (asyncio's <c>async for line in reader</c>).</summary>
    public async IAsyncEnumerator<byte[]> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var line = await ReadLineAsync();
            if (line.Length == 0)
            {
                yield break;
            }

            yield return line;
        }
    }

    /// <summary>Describes the reader's state.</summary>
    public override string ToString() =>
        $"<AsyncStreamReader {BufferedCount} bytes{(_eof ? " eof" : "")}{(_exception is not null ? " exception=" + _exception.GetType().Name : "")}{(_paused ? " paused" : "")}>";
}
