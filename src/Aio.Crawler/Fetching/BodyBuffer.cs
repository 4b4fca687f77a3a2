using System.Buffers;

namespace Aio.Crawler.Fetching;

/// <summary>
/// Where a response body is read to: an array of the declared length when the server gave one, else a pooled
/// buffer that doubles as it fills. Either way <see cref="ToArray"/> gives an array of exactly the bytes read, with
/// no copy in the declared case.
/// </summary>
internal struct BodyBuffer : IDisposable
{
    private const int UnknownLengthStart = 16 * 1024;
    private readonly int _declared;
    private byte[] _buffer;
    private bool _pooled;

    /// <summary>A buffer for a body of <paramref name="declaredLength"/> bytes, or of unknown length when negative.</summary>
    public BodyBuffer(int declaredLength)
    {
        _declared = declaredLength;
        _pooled = declaredLength < 0;
        _buffer = _pooled ? ArrayPool<byte>.Shared.Rent(UnknownLengthStart) : new byte[declaredLength];
    }

    /// <summary>Bytes read so far.</summary>
    public int Length { get; private set; }

    /// <summary>True once all the declared bytes are in (never for a body of unknown length: its end is a read of 0).</summary>
    public readonly bool IsComplete => _declared >= 0 && Length >= _declared;

    /// <summary>True when fewer bytes than declared are in (meaningful once the body has ended).</summary>
    public readonly bool IsShort => Length < _declared;

    /// <summary>The space to read the next bytes into; never empty.</summary>
    public Memory<byte> Free()
    {
        if (Length == _buffer.Length)
        {
            Grow();
        }

        return _buffer.AsMemory(Length);
    }

    /// <summary>Records <paramref name="count"/> more bytes read into <see cref="Free"/>.</summary>
    public void Advance(int count) => Length += count;

    /// <summary>The bytes read, in an array of exactly their length.</summary>
    public readonly byte[] ToArray() =>
        !_pooled && Length == _buffer.Length ? _buffer : _buffer.AsSpan(0, Length).ToArray();

    /// <summary>Returns a pooled buffer.</summary>
    public void Dispose()
    {
        if (_pooled)
        {
            _pooled = false;
            ArrayPool<byte>.Shared.Return(_buffer);
        }

        _buffer = [];
    }

    private void Grow()
    {
        // Only a body of unknown length fills its buffer before its end.
        byte[] bigger = ArrayPool<byte>.Shared.Rent(Math.Max(UnknownLengthStart, _buffer.Length * 2));
        _buffer.AsSpan(0, Length).CopyTo(bigger);
        if (_pooled)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
        }

        _buffer = bigger;
        _pooled = true;
    }
}
