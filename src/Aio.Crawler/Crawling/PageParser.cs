using Aio.Crawler.Html;
using Aio.Crawler.Urls;

namespace Aio.Crawler.Crawling;

/// <summary>A fetched HTML page to the in-scope URLs it links to. Pure and thread-safe: it runs on the thread pool.</summary>
internal static class PageParser
{
    public static List<string> Links(string pageUrl, byte[] body, string? headerCharset, Scope scope)
    {
        var page = LinkExtractor.Extract(body, headerCharset);
        // Strings, not System.Uri: the normaliser parses URLs itself, and Uri rejects some it accepts.
        string baseUrl = pageUrl;
        if (page.BaseHref is { } baseHref && UrlNormalizer.Resolve(pageUrl, baseHref) is { } resolvedBase)
        {
            baseUrl = resolvedBase;
        }

        var links = new List<string>(page.Hrefs.Count);
        foreach (string href in page.Hrefs)
        {
            if (UrlNormalizer.Resolve(baseUrl, href) is { } url && scope.Contains(url))
            {
                links.Add(url);
            }
        }

        return links;
    }
}
