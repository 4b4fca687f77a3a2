using Aio.Crawler.Storage;

namespace Aio.Crawler.Crawling;

/// <summary>
/// Which URLs the crawl follows: by default those on the seeds' hosts; with <c>--allow</c>, those matching an
/// allow pattern instead; never those matching a <c>--deny</c> pattern.
/// </summary>
internal sealed class Scope
{
    private readonly HashSet<string> _hosts;
    private readonly CrawlOptions _options;

    public Scope(CrawlOptions options, IEnumerable<string> seeds)
    {
        _options = options;
        _hosts = new HashSet<string>(seeds.Select(UrlHost.Of), StringComparer.Ordinal);
    }

    public bool Contains(string url)
    {
        bool inScope = _options.Allow.Count == 0
            ? _hosts.Contains(UrlHost.Of(url))
            : _options.Allow.Any(pattern => pattern.IsMatch(url));
        return inScope && !_options.Deny.Any(pattern => pattern.IsMatch(url));
    }
}
