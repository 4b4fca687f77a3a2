namespace Aio.Crawler.Storage;

/// <summary>A store's progress: frontier states and results, as <c>aio-crawl status</c> prints them.</summary>
public sealed record StoreStatus(
    long Queued,
    long Leased,
    long Finished,
    long Skipped,
    long HtmlPages,
    long Bytes,
    IReadOnlyDictionary<string, long> ByReason)
{
    /// <summary>URLs the store knows of.</summary>
    public long Total => Queued + Leased + Finished + Skipped;

    /// <summary>True when nothing is queued or leased: the crawl is over.</summary>
    public bool IsComplete => Queued == 0 && Leased == 0;
}
