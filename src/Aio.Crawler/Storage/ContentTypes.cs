namespace Aio.Crawler.Storage;

/// <summary>Media-type helpers shared by the fetcher, the store and the exporters.</summary>
public static class ContentTypes
{
    /// <summary>True for the HTML media types whose pages are parsed for links.</summary>
    public static bool IsHtml(string? mediaType) =>
        string.Equals(mediaType, "text/html", StringComparison.OrdinalIgnoreCase) ||
        string.Equals(mediaType, "application/xhtml+xml", StringComparison.OrdinalIgnoreCase);
}
