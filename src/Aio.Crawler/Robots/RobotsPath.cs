using Aio.Crawler.Urls;

namespace Aio.Crawler.Robots;

/// <summary>Brings rule patterns and crawled URLs to the same percent-encoding before they are compared.</summary>
internal static class RobotsPath
{
    [ThreadStatic]
    private static UrlBuffer? t_buffer;

    /// <summary>A rule pattern in canonical encoding, with a leading <c>/</c> added when it lacks one.</summary>
    public static string Normalize(ReadOnlySpan<char> pattern)
    {
        UrlBuffer buffer = Encode(pattern);
        if (buffer.Length == 0 || (buffer.Written[0] != '/' && buffer.Written[0] != '*'))
        {
            return "/" + buffer.ToString();
        }

        return buffer.ToString();
    }

    /// <summary>
    /// The path and query of <paramref name="url"/> (absolute, or already starting with <c>/</c>) in canonical
    /// encoding, valid until the next call on this thread.
    /// </summary>
    public static ReadOnlySpan<char> PathAndQuery(string url)
    {
        ReadOnlySpan<char> text = url;
        int hash = text.IndexOf('#');
        if (hash >= 0)
        {
            text = text[..hash];
        }

        if (text.IsEmpty || text[0] != '/')
        {
            int scheme = text.IndexOf("://", StringComparison.Ordinal);
            text = scheme < 0 ? text : text[(scheme + 3)..];
            int pathStart = text.IndexOfAny('/', '?');
            text = pathStart < 0 ? "/" : text[pathStart..];
        }

        UrlBuffer buffer = Encode(text);
        if (buffer.Length == 0 || buffer.Written[0] == '?')
        {
            // "http://host?q" asks for the path "/" with the query "q".
            string rest = buffer.ToString();
            buffer.Clear();
            buffer.Append('/');
            buffer.Append(rest);
        }

        return buffer.Written;
    }

    private static UrlBuffer Encode(ReadOnlySpan<char> pathAndQuery)
    {
        UrlBuffer buffer = t_buffer ??= new UrlBuffer();
        buffer.Clear();
        int query = pathAndQuery.IndexOf('?');
        if (query < 0)
        {
            buffer.AppendEncoded(pathAndQuery, UrlPart.Path);
        }
        else
        {
            buffer.AppendEncoded(pathAndQuery[..query], UrlPart.Path);
            buffer.Append('?');
            buffer.AppendEncoded(pathAndQuery[(query + 1)..], UrlPart.Query);
        }

        return buffer;
    }
}
