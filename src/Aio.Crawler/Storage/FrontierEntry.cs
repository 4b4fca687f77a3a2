namespace Aio.Crawler.Storage;

/// <summary>
/// A URL to add to the frontier: normalised and absolute, with its link depth (seeds are 0) and how many redirects
/// led to it. <paramref name="SkipReason"/> set means the URL is recorded as not fetched, with that reason
/// (robots, max-depth…), so it is neither fetched nor offered again.
/// </summary>
public readonly record struct FrontierEntry(string Url, int Depth, int RedirectHops = 0, string? SkipReason = null)
{
    /// <summary>The host (with a non-default port) the URL is on, the key of per-host politeness.</summary>
    public string Host => UrlHost.Of(Url);
}
