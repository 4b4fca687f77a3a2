namespace Aio.Crawler.Tests.Site;

/// <summary>
/// Knobs of a <see cref="TestSite"/>: how long and how fast the slow traps run, how often the
/// flaky page fails, how deep the calendar goes, robots.txt, and the latency of synthetic pages.
/// The defaults are those of the benchmark server; tests usually shrink the slow ones.
/// </summary>
public sealed record TestSiteOptions
{
    /// <summary>Seconds /traps/slow-drip.html drips one byte a second before its closing link.</summary>
    public int DripSeconds { get; init; } = 20;

    /// <summary>Seconds /traps/endless.html keeps streaming.</summary>
    public double EndlessSeconds { get; init; } = 15;

    /// <summary>Rate at which /traps/endless.html streams, in bytes per second.</summary>
    public long EndlessBytesPerSecond { get; init; } = 80L * 1024 * 1024;

    /// <summary>Content-Length announced (and served, to a reader that stays) by /traps/huge.bin.</summary>
    public long HugeBytes { get; init; } = 200L * 1024 * 1024;

    /// <summary>Requests to /traps/flaky.html answered 500 after a reset, before it answers 200.</summary>
    public int FlakyFailures { get; init; } = 2;

    /// <summary>/traps/calendar/{n}.html exists for 0 &lt;= n &lt; this limit; the last one links past it (404).</summary>
    public int CalendarLimit { get; init; } = 100_000;

    /// <summary>Body of /robots.txt.</summary>
    public string RobotsTxt { get; init; } = "User-agent: *\nDisallow: /traps/private/\n";

    /// <summary>
    /// Delay before every synthetic-site response whose name says <c>-l0</c>; a site named with
    /// <c>-l{MS}</c>, MS &gt; 0, uses its own MS milliseconds instead. Null means no delay.
    /// </summary>
    public TimeSpan? Latency { get; init; }
}
