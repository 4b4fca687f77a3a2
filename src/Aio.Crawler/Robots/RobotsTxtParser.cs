namespace Aio.Crawler.Robots;

/// <summary>Reads the lines of a robots.txt (RFC 9309) and keeps those of the groups that apply to one crawler.</summary>
internal static class RobotsTxtParser
{
    /// <summary>The rules and crawl delay for the crawler whose product token is <paramref name="token"/>.</summary>
    public static (List<RobotsRule> Rules, TimeSpan? CrawlDelay) Parse(string text, string token)
    {
        var specific = new RobotsGroupCollector();
        var wildcard = new RobotsGroupCollector();
        bool inUserAgentLines = false;
        bool groupMatchesToken = false;
        bool groupIsWildcard = false;
        foreach (ReadOnlySpan<char> rawLine in text.AsSpan().TrimStart('\uFEFF').EnumerateLines())
        {
            if (!TrySplit(rawLine, out ReadOnlySpan<char> key, out ReadOnlySpan<char> value))
            {
                continue;
            }

            if (IsUserAgentKey(key))
            {
                if (!inUserAgentLines)
                {
                    // A user-agent line after rules starts a new group.
                    groupMatchesToken = false;
                    groupIsWildcard = false;
                    inUserAgentLines = true;
                }

                ReadOnlySpan<char> agent = ProductToken(value);
                groupIsWildcard |= agent is "*";
                groupMatchesToken |= !agent.IsEmpty && agent is not "*" &&
                    token.AsSpan().StartsWith(agent, StringComparison.OrdinalIgnoreCase);
                (groupMatchesToken ? specific : groupIsWildcard ? wildcard : null)?.MarkSeen();
                continue;
            }

            inUserAgentLines = false;
            RobotsGroupCollector? target = groupMatchesToken ? specific : groupIsWildcard ? wildcard : null;
            target?.Add(key, value);
        }

        RobotsGroupCollector chosen = specific.Seen ? specific : wildcard;
        return (chosen.Rules, chosen.CrawlDelay);
    }

    /// <summary>The product token of a user-agent string: the part before <c>/</c> or whitespace.</summary>
    public static ReadOnlySpan<char> ProductToken(ReadOnlySpan<char> userAgent)
    {
        userAgent = userAgent.Trim();
        int end = userAgent.IndexOfAny('/', ' ', '\t');
        return end < 0 ? userAgent : userAgent[..end];
    }

    private static bool TrySplit(ReadOnlySpan<char> line, out ReadOnlySpan<char> key, out ReadOnlySpan<char> value)
    {
        int comment = line.IndexOf('#');
        if (comment >= 0)
        {
            line = line[..comment];
        }

        line = line.Trim();
        int separator = line.IndexOf(':');
        if (separator < 0)
        {
            // Tolerated as in Google's parser: "Disallow /private" without the colon.
            separator = line.IndexOfAny(' ', '\t');
        }

        if (separator <= 0)
        {
            key = value = default;
            return false;
        }

        key = line[..separator].Trim();
        value = line[(separator + 1)..].Trim();
        return true;
    }

    private static bool IsUserAgentKey(ReadOnlySpan<char> key) =>
        key.Equals("user-agent", StringComparison.OrdinalIgnoreCase) ||
        key.Equals("useragent", StringComparison.OrdinalIgnoreCase) ||
        key.Equals("user agent", StringComparison.OrdinalIgnoreCase);
}
