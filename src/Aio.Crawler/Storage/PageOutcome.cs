namespace Aio.Crawler.Storage;

/// <summary>What fetching one leased URL produced. Written to the store in the transaction that finishes the lease.</summary>
public sealed class PageOutcome
{
    /// <summary>The lease this finishes.</summary>
    public required long Id { get; init; }

    /// <summary>The URL fetched.</summary>
    public required string Url { get; init; }

    /// <summary>Link depth of the URL.</summary>
    public required int Depth { get; init; }

    /// <summary>Why the fetch ended: <see cref="FetchReasons"/>.</summary>
    public required string Reason { get; init; }

    /// <summary>HTTP status of the last attempt, if a response arrived.</summary>
    public int? Status { get; init; }

    /// <summary>Media type of the response without parameters (<c>text/html</c>).</summary>
    public string? ContentType { get; init; }

    /// <summary>Body bytes received (also when the body was abandoned).</summary>
    public long Bytes { get; init; }

    /// <summary>The body as received, kept when it was read whole; null otherwise.</summary>
    public byte[]? Body { get; init; }

    /// <summary>The request line and headers as sent (for WARC request records).</summary>
    public string? RequestHeaders { get; init; }

    /// <summary>The status line and headers as received (for WARC response records).</summary>
    public string? ResponseHeaders { get; init; }

    /// <summary>Where a redirect pointed, normalised.</summary>
    public string? Location { get; init; }

    /// <summary>Attempts made (retries included).</summary>
    public int Attempts { get; init; } = 1;

    /// <summary>When the last attempt started.</summary>
    public DateTimeOffset FetchedAt { get; init; }

    /// <summary>Wall time of the last attempt, in milliseconds.</summary>
    public double ElapsedMs { get; init; }

    /// <summary>URLs found on the page (or the redirect target) to add to the frontier.</summary>
    public IReadOnlyList<FrontierEntry> Links { get; init; } = [];

    /// <summary>True for a 200 HTML page: the pages <c>--urls-out</c> lists.</summary>
    public bool IsHtmlPage => Status == 200 && Reason == FetchReasons.Ok && ContentTypes.IsHtml(ContentType);
}
