using System.Text;
using Aio.Crawler.Fetching;
using Aio.Crawler.Robots;
using Aio.Crawler.Storage;
using Aio.Crawler.Urls;
using static Aio.Asyncio;

namespace Aio.Crawler.Crawling;

/// <summary>
/// robots.txt per host, fetched once by its own task however many workers ask at the same moment. A robots.txt
/// that cannot be reached at all gives no rules (null): RFC 9309 says to fetch nothing from the host then, and the
/// next URL of the host asks again. Loop-thread only.
/// </summary>
internal sealed class RobotsCache
{
    private const int MaxHops = 5;
    private readonly Dictionary<string, AioTask<RobotsRules?>> _byHost = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _unreachable = new(StringComparer.Ordinal);
    private readonly Fetcher _fetcher;
    private readonly string _userAgent;
    private readonly CancellationToken _crawlStopping;

    public RobotsCache(Fetcher fetcher, string userAgent, CancellationToken crawlStopping)
    {
        _fetcher = fetcher;
        _userAgent = userAgent;
        _crawlStopping = crawlStopping;
    }

    /// <summary>The rules of <paramref name="url"/>'s host.</summary>
    public AioTask<RobotsRules?> RulesFor(string url)
    {
        string host = UrlHost.Of(url);
        if (!_byHost.TryGetValue(host, out var rules))
        {
            string robots = url[..(url.IndexOf("://", StringComparison.Ordinal) + 3)] + host + "/robots.txt";
            rules = CreateTask(() => FetchAsync(host, robots), $"robots {host}");
            _byHost[host] = rules;
        }

        return rules;
    }

    /// <summary>Why the robots.txt of <paramref name="url"/>'s host could not be fetched, the last time it failed.</summary>
    public string? UnreachableDetail(string url) => _unreachable.GetValueOrDefault(UrlHost.Of(url));

    private async Task<RobotsRules?> FetchAsync(string host, string url)
    {
        try
        {
            for (int hop = 0; hop <= MaxHops; hop++)
            {
                var result = await _fetcher.FetchAsync(url, anyContentType: true, _crawlStopping);
                if (result.Reason == FetchReasons.Redirect && UrlNormalizer.Resolve(url, result.Location!) is { } next)
                {
                    url = next;
                    continue;
                }

                if (result.Status is null)
                {
                    return Unreachable(host, result.Detail ?? result.Reason);
                }

                string? body = result.Body is null ? null : Encoding.UTF8.GetString(result.Body);
                return RobotsRules.ForResponse(result.Status, body, _userAgent);
            }

            return RobotsRules.AllowAll;
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            // Every worker of the host awaits this task: a surprise here must not fail them all.
            return Unreachable(host, error.Message);
        }
    }

    private RobotsRules? Unreachable(string host, string why)
    {
        _unreachable[host] = $"robots.txt: {why}";
        _byHost.Remove(host);
        return null;
    }
}
