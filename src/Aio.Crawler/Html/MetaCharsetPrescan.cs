using System.Text;

namespace Aio.Crawler.Html;

/// <summary>
/// The HTML5 "prescan a byte stream to determine its encoding" algorithm, run over raw bytes: finds the charset a
/// <c>&lt;meta charset&gt;</c> or <c>&lt;meta http-equiv="Content-Type" content="…; charset=…"&gt;</c> declares.
/// </summary>
internal static class MetaCharsetPrescan
{
    /// <summary>How far into the body the declaration is looked for.</summary>
    public const int Limit = 4096;

    /// <summary>The declared charset label, or null when the prefix of the body declares none.</summary>
    public static string? FindLabel(ReadOnlySpan<byte> body)
    {
        ReadOnlySpan<byte> bytes = body.Length > Limit ? body[..Limit] : body;
        int position = 0;
        while (position < bytes.Length)
        {
            ReadOnlySpan<byte> rest = bytes[position..];
            if (rest.StartsWith("<!--"u8))
            {
                int end = rest[2..].IndexOf("-->"u8);
                if (end < 0)
                {
                    return null;
                }

                position += 2 + end + 3;
            }
            else if (rest.Length > 5 && Ascii.EqualsIgnoreCase(rest[..5], "<meta"u8) && (IsSpace(rest[5]) || rest[5] == '/'))
            {
                position += 6;
                if (TryReadMeta(bytes, ref position) is { } label)
                {
                    return label;
                }
            }
            else if (rest.Length > 2 && rest[0] == '<' && (IsAsciiLetter(rest[1]) || (rest[1] == '/' && IsAsciiLetter(rest[2]))))
            {
                int nameEnd = rest.IndexOfAny(" \t\n\f\r>"u8);
                if (nameEnd < 0)
                {
                    return null;
                }

                position += nameEnd;
                while (TryReadAttribute(bytes, ref position, out _, out _))
                {
                }
            }
            else if (rest.Length > 1 && rest[0] == '<' && rest[1] is (byte)'!' or (byte)'/' or (byte)'?')
            {
                int end = rest.IndexOf((byte)'>');
                if (end < 0)
                {
                    return null;
                }

                position += end;
            }

            position++;
        }

        return null;
    }

    private static string? TryReadMeta(ReadOnlySpan<byte> bytes, ref int position)
    {
        bool gotPragma = false;
        bool? needPragma = null;
        ReadOnlySpan<byte> charset = default;
        bool seenHttpEquiv = false, seenContent = false, seenCharset = false;
        while (TryReadAttribute(bytes, ref position, out ReadOnlySpan<byte> name, out ReadOnlySpan<byte> value))
        {
            if (Ascii.EqualsIgnoreCase(name, "http-equiv"u8) && !seenHttpEquiv)
            {
                seenHttpEquiv = true;
                gotPragma = Ascii.EqualsIgnoreCase(value, "content-type"u8);
            }
            else if (Ascii.EqualsIgnoreCase(name, "content"u8) && !seenContent)
            {
                seenContent = true;
                if (charset.IsEmpty && CharsetFromContent(value) is { IsEmpty: false } fromContent)
                {
                    charset = fromContent;
                    needPragma = true;
                }
            }
            else if (Ascii.EqualsIgnoreCase(name, "charset"u8) && !seenCharset)
            {
                seenCharset = true;
                charset = value;
                needPragma = false;
            }
        }

        if (needPragma is null || (needPragma == true && !gotPragma) || charset.IsEmpty)
        {
            return null;
        }

        return Encoding.Latin1.GetString(charset);
    }

    /// <summary>The HTML5 "get an attribute" step; false at the end of the tag or of the bytes.</summary>
    private static bool TryReadAttribute(ReadOnlySpan<byte> bytes, scoped ref int position, out ReadOnlySpan<byte> name, out ReadOnlySpan<byte> value)
    {
        name = value = default;
        while (position < bytes.Length && (IsSpace(bytes[position]) || bytes[position] == '/'))
        {
            position++;
        }

        if (position >= bytes.Length || bytes[position] == '>')
        {
            return false;
        }

        int nameStart = position;
        while (position < bytes.Length)
        {
            byte b = bytes[position];
            if ((b == '=' && position > nameStart) || IsSpace(b) || b == '/' || b == '>')
            {
                break;
            }

            position++;
        }

        name = bytes[nameStart..position];
        while (position < bytes.Length && IsSpace(bytes[position]))
        {
            position++;
        }

        if (position >= bytes.Length || bytes[position] != '=')
        {
            return position < bytes.Length;
        }

        position++;
        while (position < bytes.Length && IsSpace(bytes[position]))
        {
            position++;
        }

        if (position >= bytes.Length)
        {
            return false;
        }

        byte quote = bytes[position];
        if (quote is (byte)'"' or (byte)'\'')
        {
            int close = bytes[(position + 1)..].IndexOf(quote);
            if (close < 0)
            {
                return false;
            }

            value = bytes.Slice(position + 1, close);
            position += close + 2;
            return true;
        }

        int valueStart = position;
        while (position < bytes.Length && !IsSpace(bytes[position]) && bytes[position] != '>')
        {
            position++;
        }

        value = bytes[valueStart..position];
        return true;
    }

    /// <summary>The HTML5 "extract a character encoding from a meta element" algorithm.</summary>
    private static ReadOnlySpan<byte> CharsetFromContent(ReadOnlySpan<byte> content)
    {
        while (true)
        {
            int found = IndexOfIgnoreCase(content, "charset"u8);
            if (found < 0)
            {
                return default;
            }

            content = content[(found + 7)..].TrimStart(" \t\n\f\r"u8);
            if (content.IsEmpty || content[0] != '=')
            {
                continue;
            }

            content = content[1..].TrimStart(" \t\n\f\r"u8);
            if (content.IsEmpty)
            {
                return default;
            }

            if (content[0] is (byte)'"' or (byte)'\'')
            {
                int close = content[1..].IndexOf(content[0]);
                return close < 0 ? default : content.Slice(1, close);
            }

            int end = content.IndexOfAny(" \t\n\f\r;"u8);
            return end < 0 ? content : content[..end];
        }
    }

    private static int IndexOfIgnoreCase(ReadOnlySpan<byte> haystack, ReadOnlySpan<byte> needle)
    {
        for (int i = 0; i + needle.Length <= haystack.Length; i++)
        {
            if (Ascii.EqualsIgnoreCase(haystack.Slice(i, needle.Length), needle))
            {
                return i;
            }
        }

        return -1;
    }

    private static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\f' or (byte)'\r';

    private static bool IsAsciiLetter(byte b) => (uint)((b | 0x20) - 'a') <= 'z' - 'a';
}
