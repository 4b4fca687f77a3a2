using Aio.Crawler.Html;
using Aio.Crawler.Urls;

namespace Aio.Crawler.Crawling;

/// <summary>A fetched HTML page to the in-scope URLs it links to. Pure and thread-safe: it runs on the thread pool.</summary>
internal static class PageParser
{
    public static List<string> Links(string pageUrl, byte[] body, string? headerCharset, Scope scope)
    {
        var page = LinkExtractor.Extract(body, headerCharset);
        var baseUri = new Uri(pageUrl);
        if (page.BaseHref is { } baseHref && UrlNormalizer.Resolve(baseUri, baseHref) is { } resolvedBase)
        {
            baseUri = new Uri(resolvedBase);
        }

        var links = new List<string>(page.Hrefs.Count);
        foreach (string href in page.Hrefs)
        {
            if (UrlNormalizer.Resolve(baseUri, href) is { } url && scope.Contains(url))
            {
                links.Add(url);
            }
        }

        return links;
    }
}
