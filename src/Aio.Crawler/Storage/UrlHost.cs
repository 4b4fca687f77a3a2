namespace Aio.Crawler.Storage;

/// <summary>The authority part of a normalised absolute URL, without parsing it into a <see cref="Uri"/>.</summary>
public static class UrlHost
{
    /// <summary><c>host[:port]</c> of <paramref name="url"/> (lower-case already, as normalised URLs are).</summary>
    public static string Of(string url)
    {
        int start = url.IndexOf("://", StringComparison.Ordinal);
        start = start < 0 ? 0 : start + 3;
        int end = url.IndexOfAny(['/', '?', '#'], start);
        return end < 0 ? url[start..] : url[start..end];
    }
}
