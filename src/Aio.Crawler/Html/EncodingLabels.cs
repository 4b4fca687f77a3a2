using System.Text;

namespace Aio.Crawler.Html;

/// <summary>Maps charset labels to encodings the way the WHATWG Encoding standard does for the common cases.</summary>
internal static class EncodingLabels
{
    /// <summary>The encoding a label names, or null for an unknown or unsupported label (as if undeclared).</summary>
    public static Encoding? Find(ReadOnlySpan<char> label, Encoding windows1252)
    {
        label = label.Trim().Trim("\"'").Trim();
        if (label.IsEmpty || label.Length > 40)
        {
            return null;
        }

        Span<char> lower = stackalloc char[label.Length];
        label.ToLowerInvariant(lower);
        switch (lower)
        {
            case "utf-8" or "utf8" or "unicode-1-1-utf-8" or "unicode11utf8" or "unicode20utf8" or "x-unicode20utf8":
                return Encoding.UTF8;

            // WHATWG decodes all of these as windows-1252, whose C1 range holds the characters such pages mean.
            case "windows-1252" or "cp1252" or "x-cp1252" or "iso-8859-1" or "iso8859-1" or "iso88591" or "iso_8859-1"
                or "iso_8859-1:1987" or "latin1" or "l1" or "ascii" or "us-ascii" or "ansi_x3.4-1968" or "cp819"
                or "ibm819" or "iso-ir-100" or "csisolatin1" or "x-user-defined":
                return windows1252;

            case "utf-16" or "utf-16le" or "unicode" or "ucs-2" or "csunicode" or "iso-10646-ucs-2" or "unicodefeff":
                return Encoding.Unicode;

            case "utf-16be" or "unicodefffe":
                return Encoding.BigEndianUnicode;

            case "utf-7" or "utf7" or "utf-32" or "utf-32le" or "utf-32be" or "replacement":
                return null;
        }

        // Code pages beyond the built-in ones come from the provider, which answers null for unknown names.
        return CodePagesEncodingProvider.Instance.GetEncoding(lower.ToString());
    }
}
