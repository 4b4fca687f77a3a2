using System.Globalization;

namespace Aio.Crawler.Robots;

/// <summary>The rules of every group that applies, merged as RFC 9309 asks.</summary>
internal sealed class RobotsGroupCollector
{
    /// <summary>The Allow and Disallow rules gathered so far, in file order.</summary>
    public List<RobotsRule> Rules { get; } = [];

    /// <summary>The largest valid <c>Crawl-delay</c> seen, or null.</summary>
    public TimeSpan? CrawlDelay { get; private set; }

    /// <summary>True once any group for this collector was seen, even one without rules.</summary>
    public bool Seen { get; private set; }

    /// <summary>Records that a group applies, so that it counts even if it has no rules.</summary>
    public void MarkSeen() => Seen = true;

    /// <summary>Takes one <c>key: value</c> line of an applying group; unknown keys are ignored.</summary>
    public void Add(ReadOnlySpan<char> key, ReadOnlySpan<char> value)
    {
        if (key.Equals("allow", StringComparison.OrdinalIgnoreCase))
        {
            AddRule(value, allow: true);
        }
        else if (key.Equals("disallow", StringComparison.OrdinalIgnoreCase) ||
                 key.Equals("dissallow", StringComparison.OrdinalIgnoreCase) ||
                 key.Equals("disalow", StringComparison.OrdinalIgnoreCase))
        {
            AddRule(value, allow: false);
        }
        else if (key.Equals("crawl-delay", StringComparison.OrdinalIgnoreCase) &&
                 double.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double seconds) &&
                 seconds <= TimeSpan.MaxValue.TotalSeconds)
        {
            // Several matching groups may each give a delay; the politest one is kept.
            TimeSpan delay = TimeSpan.FromSeconds(seconds);
            CrawlDelay = CrawlDelay is { } known && known >= delay ? known : delay;
        }
    }

    private void AddRule(ReadOnlySpan<char> path, bool allow)
    {
        if (path.IsEmpty)
        {
            return; // "Disallow:" with no path allows everything; it adds no rule.
        }

        Rules.Add(new RobotsRule(RobotsPath.Normalize(path), allow));
    }
}
