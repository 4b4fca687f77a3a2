using System.Text;
using System.Text.Unicode;

namespace Aio.Crawler.Html;

/// <summary>
/// Decodes a fetched page to text: a byte order mark wins, then the Content-Type header's charset, then a
/// <c>&lt;meta&gt;</c> declaration in the first <see cref="MetaCharsetPrescan.Limit"/> bytes, else UTF-8 when the
/// bytes are valid UTF-8 and windows-1252 otherwise.
/// </summary>
/// <remarks>
/// Declarations are often wrong, so: an unknown charset counts as undeclared, and a page declared UTF-8 whose
/// bytes are not valid UTF-8 (the usual windows-1252 page behind a UTF-8 header) is read as windows-1252.
/// ISO-8859-1, latin1 and ASCII labels mean windows-1252, as the WHATWG Encoding standard says.
/// </remarks>
public static class CharsetDecoder
{
    private static readonly Encoding s_windows1252;

    static CharsetDecoder()
    {
        // Before any lookup: Shift_JIS, windows-1252 and the other code pages live in this provider.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        s_windows1252 = Encoding.GetEncoding(1252);
    }

    /// <summary>The text of <paramref name="body"/>, decoded with the encoding <see cref="Detect(ReadOnlySpan{byte}, string?)"/> picks, without the BOM.</summary>
    public static string Decode(ReadOnlySpan<byte> body, string? headerCharset)
    {
        Encoding encoding = Detect(body, headerCharset, out int bomLength);
        return encoding.GetString(body[bomLength..]);
    }

    /// <summary>
    /// The encoding of <paramref name="body"/>, given the charset parameter of its Content-Type header
    /// (null or empty when there was none).
    /// </summary>
    public static Encoding Detect(ReadOnlySpan<byte> body, string? headerCharset) => Detect(body, headerCharset, out _);

    /// <summary>As <see cref="Detect(ReadOnlySpan{byte}, string?)"/>, with the length of the byte order mark to skip.</summary>
    internal static Encoding Detect(ReadOnlySpan<byte> body, string? headerCharset, out int bomLength)
    {
        if (FromByteOrderMark(body, out bomLength) is { } marked)
        {
            return marked;
        }

        Encoding? declared = headerCharset is null ? null : EncodingLabels.Find(headerCharset, s_windows1252);
        if (declared is null && MetaCharsetPrescan.FindLabel(body) is { } metaLabel)
        {
            declared = EncodingLabels.Find(metaLabel, s_windows1252);

            // A page that could read its own meta tag as ASCII cannot be UTF-16 (HTML5 says: use UTF-8).
            if (declared is UnicodeEncoding)
            {
                declared = Encoding.UTF8;
            }
        }

        if (declared is not null && declared.CodePage != Encoding.UTF8.CodePage)
        {
            return declared;
        }

        return Utf8.IsValid(body) ? Encoding.UTF8 : s_windows1252;
    }

    private static Encoding? FromByteOrderMark(ReadOnlySpan<byte> body, out int length)
    {
        if (body.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            length = 3;
            return Encoding.UTF8;
        }

        if (body.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            length = 2;
            return Encoding.Unicode;
        }

        if (body.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            length = 2;
            return Encoding.BigEndianUnicode;
        }

        length = 0;
        return null;
    }
}
