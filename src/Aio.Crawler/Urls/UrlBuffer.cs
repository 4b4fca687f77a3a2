using System.Buffers;
using System.Text;

namespace Aio.Crawler.Urls;

/// <summary>
/// A growable character buffer that writes URL components in canonical percent-encoding.
/// One instance is kept per thread by its users, so building a URL allocates only the final string.
/// </summary>
internal sealed class UrlBuffer
{
    private static readonly SearchValues<char> s_userinfoLiterals = SearchValues.Create(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=:");

    private static readonly SearchValues<char> s_pathLiterals = SearchValues.Create(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=:@/");

    private static readonly SearchValues<char> s_queryLiterals = SearchValues.Create(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=:@/?");

    private char[] _chars = new char[256];

    /// <summary>Number of characters written.</summary>
    public int Length { get; private set; }

    /// <summary>The characters written so far.</summary>
    public ReadOnlySpan<char> Written => _chars.AsSpan(0, Length);

    /// <summary>Forgets everything written.</summary>
    public void Clear() => Length = 0;

    /// <summary>Appends one character.</summary>
    public void Append(char c)
    {
        if (Length == _chars.Length)
        {
            Grow(1);
        }

        _chars[Length++] = c;
    }

    /// <summary>Appends characters verbatim.</summary>
    public void Append(ReadOnlySpan<char> text)
    {
        if (Length + text.Length > _chars.Length)
        {
            Grow(text.Length);
        }

        text.CopyTo(_chars.AsSpan(Length));
        Length += text.Length;
    }

    /// <summary>
    /// Appends <paramref name="text"/> percent-encoded for <paramref name="part"/>: escapes get upper-case hex,
    /// escapes of unreserved characters are decoded, other escapes kept, a stray <c>%</c> becomes <c>%25</c>,
    /// and non-ASCII characters are written as escaped UTF-8.
    /// </summary>
    public void AppendEncoded(ReadOnlySpan<char> text, UrlPart part)
    {
        SearchValues<char> literals = part switch
        {
            UrlPart.Path => s_pathLiterals,
            UrlPart.Query => s_queryLiterals,
            _ => s_userinfoLiterals,
        };
        while (!text.IsEmpty)
        {
            int run = text.IndexOfAnyExcept(literals);
            if (run < 0)
            {
                Append(text);
                return;
            }

            Append(text[..run]);
            text = text[run..];
            char c = text[0];
            if (c == '%')
            {
                AppendEscape(text);
                text = text[(text.Length >= 3 && IsHex(text[1]) && IsHex(text[2]) ? 3 : 1)..];
            }
            else if (c == '\\' && part == UrlPart.Path)
            {
                Append('/');
                text = text[1..];
            }
            else if (c < 0x80)
            {
                AppendByte((byte)c);
                text = text[1..];
            }
            else
            {
                text = text[AppendUtf8(text)..];
            }
        }
    }

    /// <summary>
    /// Resolves <c>.</c> and <c>..</c> segments (RFC 3986 section 5.2.4) in the path written from
    /// <paramref name="pathStart"/> to the end, which begins with <c>/</c>; works in place.
    /// </summary>
    public void RemoveDotSegments(int pathStart)
    {
        Span<char> chars = _chars.AsSpan(0, Length);
        if (chars[pathStart..].IndexOf("/.".AsSpan()) < 0)
        {
            return;
        }

        int read = pathStart;
        int write = pathStart;
        int end = Length;
        while (read < end)
        {
            int segmentStart = read + 1;
            int slash = chars[segmentStart..end].IndexOf('/');
            int segmentEnd = slash < 0 ? end : segmentStart + slash;
            bool isLast = segmentEnd == end;
            ReadOnlySpan<char> segment = chars[segmentStart..segmentEnd];
            if (segment is "." or "..")
            {
                if (segment is "..")
                {
                    int previous = chars[pathStart..write].LastIndexOf('/');
                    write = previous < 0 ? pathStart : pathStart + previous;
                }

                if (isLast)
                {
                    chars[write++] = '/';
                }
            }
            else
            {
                chars[read..segmentEnd].CopyTo(chars[write..]);
                write += segmentEnd - read;
            }

            read = segmentEnd;
        }

        if (write == pathStart)
        {
            chars[write++] = '/';
        }

        Length = write;
    }

    /// <inheritdoc/>
    public override string ToString() => new(Written);

    private static bool IsHex(char c) => char.IsAsciiHexDigit(c);

    private static bool IsUnreserved(int c) =>
        char.IsAsciiLetterOrDigit((char)c) || c is '-' or '.' or '_' or '~';

    private void AppendEscape(ReadOnlySpan<char> text)
    {
        if (text.Length < 3 || !IsHex(text[1]) || !IsHex(text[2]))
        {
            Append("%25");
            return;
        }

        int value = (HexValue(text[1]) << 4) | HexValue(text[2]);
        if (IsUnreserved(value))
        {
            Append((char)value);
        }
        else
        {
            AppendByte((byte)value);
        }
    }

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;

    private int AppendUtf8(ReadOnlySpan<char> text)
    {
        if (Rune.DecodeFromUtf16(text, out Rune rune, out int consumed) != OperationStatus.Done)
        {
            // A lone surrogate cannot be encoded; browsers write U+FFFD in its place.
            rune = Rune.ReplacementChar;
            consumed = 1;
        }

        Span<byte> utf8 = stackalloc byte[4];
        int count = rune.EncodeToUtf8(utf8);
        for (int i = 0; i < count; i++)
        {
            AppendByte(utf8[i]);
        }

        return consumed;
    }

    private void AppendByte(byte value)
    {
        const string hex = "0123456789ABCDEF";
        if (Length + 3 > _chars.Length)
        {
            Grow(3);
        }

        _chars[Length] = '%';
        _chars[Length + 1] = hex[value >> 4];
        _chars[Length + 2] = hex[value & 0xF];
        Length += 3;
    }

    private void Grow(int needed) =>
        Array.Resize(ref _chars, Math.Max(_chars.Length * 2, Length + needed));
}
