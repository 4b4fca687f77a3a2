namespace Aio.Crawler.Crawling;

/// <summary>Live counters of one crawl run (touched only on the loop thread).</summary>
public sealed class CrawlStats
{
    /// <summary>Fetches finished this run (any outcome).</summary>
    public long Fetched { get; internal set; }

    /// <summary>200 HTML pages this run.</summary>
    public long Pages { get; internal set; }

    /// <summary>Fetches that ended in an error (timeouts, connection errors, HTTP errors, too large).</summary>
    public long Errors { get; internal set; }

    /// <summary>Body bytes received this run.</summary>
    public long Bytes { get; internal set; }

    /// <summary>Requests in flight now.</summary>
    public int InFlight { get; internal set; }

    /// <summary>Retries made this run.</summary>
    public long Retries { get; internal set; }

    /// <summary>URLs waiting in the store, as of the last look.</summary>
    public long Queued { get; internal set; }

    /// <summary>Fetches recorded in the store before this run started (a resumed crawl).</summary>
    public long FetchedBefore { get; internal set; }

    /// <summary>Outcomes by reason, this run.</summary>
    public Dictionary<string, long> ByReason { get; } = new(StringComparer.Ordinal);
}
