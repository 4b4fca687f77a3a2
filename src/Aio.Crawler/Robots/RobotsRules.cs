namespace Aio.Crawler.Robots;

/// <summary>
/// The robots.txt rules (RFC 9309) that apply to one crawler on one host: the longest matching pattern decides,
/// Allow winning a tie, and <c>/robots.txt</c> itself is always allowed. Immutable and thread-safe.
/// </summary>
public sealed class RobotsRules
{
    private readonly RobotsRule[] _rules;

    private RobotsRules(List<RobotsRule> rules, TimeSpan? crawlDelay)
    {
        // Longest first, Allow before Disallow at equal length: the first match then decides.
        rules.Sort(static (a, b) => a.Pattern.Length != b.Pattern.Length
            ? b.Pattern.Length.CompareTo(a.Pattern.Length)
            : b.Allow.CompareTo(a.Allow));
        _rules = [.. rules];
        CrawlDelay = crawlDelay;
    }

    /// <summary>Rules that allow every URL: what a missing robots.txt (4xx) means.</summary>
    public static RobotsRules AllowAll { get; } = new([], null);

    /// <summary>Rules that disallow every URL but <c>/robots.txt</c>: what an unreachable robots.txt (5xx) means.</summary>
    public static RobotsRules DisallowAll { get; } = new([new RobotsRule("/", allow: false)], null);

    /// <summary>The <c>Crawl-delay</c> of the chosen group(s) (the largest if several give one), or null.</summary>
    public TimeSpan? CrawlDelay { get; }

    /// <summary>
    /// Reads <paramref name="text"/> and keeps the groups whose user-agent matches the product token of
    /// <paramref name="userAgent"/> (the part before <c>/</c>, compared case-insensitively; a group line matches
    /// when the token starts with its value), or else the <c>*</c> groups. Junk lines are ignored.
    /// </summary>
    public static RobotsRules Parse(string text, string userAgent)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(userAgent);
        string token = RobotsTxtParser.ProductToken(userAgent).ToString();
        (List<RobotsRule> rules, TimeSpan? crawlDelay) = RobotsTxtParser.Parse(text, token);
        return new RobotsRules(rules, crawlDelay);
    }

    /// <summary>
    /// The rules for a robots.txt fetch that ended with <paramref name="status"/> (null: no response at all):
    /// 2xx parses <paramref name="body"/>; 3xx (redirects are followed by the fetcher) and 4xx allow all, except
    /// 429 which, like 5xx and no response, disallows all as RFC 9309 asks for an unreachable robots.txt.
    /// </summary>
    public static RobotsRules ForResponse(int? status, string? body, string userAgent) => status switch
    {
        >= 200 and < 300 => body is null ? AllowAll : Parse(body, userAgent),
        429 => DisallowAll,
        >= 300 and < 500 => AllowAll,
        _ => DisallowAll,
    };

    /// <summary>
    /// True when the crawler may fetch <paramref name="url"/>: an absolute normalised URL, or a path and query
    /// starting with <c>/</c>.
    /// </summary>
    public bool IsAllowed(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (_rules.Length == 0)
        {
            return true;
        }

        ReadOnlySpan<char> path = RobotsPath.PathAndQuery(url);
        if (path is "/robots.txt")
        {
            return true;
        }

        foreach (RobotsRule rule in _rules)
        {
            if (rule.Matches(path))
            {
                return rule.Allow;
            }
        }

        return true;
    }
}
