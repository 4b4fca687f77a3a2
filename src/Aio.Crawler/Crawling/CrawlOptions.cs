using System.Text.RegularExpressions;

namespace Aio.Crawler.Crawling;

/// <summary>Everything one crawl is told on the command line; defaults are the CLI's defaults.</summary>
public sealed record CrawlOptions
{
    /// <summary>The URLs the crawl starts from (normalised before use).</summary>
    public IReadOnlyList<string> Seeds { get; init; } = [];

    /// <summary>When set, only URLs matching one of these are in scope (instead of the seeds' hosts).</summary>
    public IReadOnlyList<Regex> Allow { get; init; } = [];

    /// <summary>URLs matching any of these are out of scope.</summary>
    public IReadOnlyList<Regex> Deny { get; init; } = [];

    /// <summary>Deepest link depth fetched (seeds are 0); 0 means unlimited.</summary>
    public int MaxDepth { get; init; }

    /// <summary>Most fetches recorded in the store (this run and earlier ones); 0 means unlimited.</summary>
    public long MaxPages { get; init; }

    /// <summary>Largest body read; longer responses are abandoned as too large.</summary>
    public long MaxBytes { get; init; } = 10 * 1024 * 1024;

    /// <summary>Media types whose bodies are downloaded; others end after the headers.</summary>
    public IReadOnlyList<string> ContentTypes { get; init; } = ["text/html", "application/xhtml+xml"];

    /// <summary>Requests in flight at once, over all hosts.</summary>
    public int Concurrency { get; init; } = 16;

    /// <summary>Requests in flight at once to one host; 0 means the global concurrency.</summary>
    public int PerHost { get; init; }

    /// <summary>Minimum time between two requests to one host (robots.txt's Crawl-delay can raise it).</summary>
    public TimeSpan Delay { get; init; }

    /// <summary>Fetch what robots.txt disallows (and ignore its Crawl-delay).</summary>
    public bool IgnoreRobots { get; init; }

    /// <summary>The User-Agent sent, and matched against robots.txt groups.</summary>
    public string UserAgent { get; init; } = "aio-crawl/0.1";

    /// <summary>Longest wait for a TCP (and TLS) connection.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Longest time for a whole request: headers and body.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Longest wait for the next bytes of a response.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Retries after a connection error, a timeout before the response, a 5xx or a 429.</summary>
    public int Retries { get; init; } = 2;

    /// <summary>First retry's backoff; each later one doubles, with ±50% jitter.</summary>
    public TimeSpan Backoff { get; init; } = TimeSpan.FromSeconds(0.5);

    /// <summary>Longest Retry-After honoured; a longer one ends the retries.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Redirect hops followed from one URL before giving up.</summary>
    public int MaxRedirects { get; init; } = 10;

    /// <summary>Keep response bodies and headers in the store (for WARC export).</summary>
    public bool KeepBodies { get; init; } = true;

    /// <summary>File each 200 HTML page's URL is appended to as the crawl goes.</summary>
    public string? UrlsOut { get; init; }

    /// <summary>How long a lease lasts without renewal (a dead worker's URLs return after this).</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>This worker's name on its leases.</summary>
    public string WorkerId { get; init; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}"[..^24];

    /// <summary>The per-host limit in force.</summary>
    public int EffectivePerHost => PerHost > 0 ? Math.Min(PerHost, Concurrency) : Concurrency;
}
