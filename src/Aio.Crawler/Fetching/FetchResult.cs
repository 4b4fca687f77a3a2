namespace Aio.Crawler.Fetching;

/// <summary>How one URL's fetch ended, after any retries (see <see cref="Storage.FetchReasons"/>).</summary>
public sealed class FetchResult
{
    /// <summary>Why the fetch ended.</summary>
    public required string Reason { get; init; }

    /// <summary>HTTP status of the last response, if one arrived.</summary>
    public int? Status { get; init; }

    /// <summary>Media type of the response, lower-case, without parameters.</summary>
    public string? ContentType { get; init; }

    /// <summary>The charset parameter of Content-Type, if any.</summary>
    public string? Charset { get; init; }

    /// <summary>Body bytes received.</summary>
    public long Bytes { get; init; }

    /// <summary>The whole body, when it was read to the end within the limits.</summary>
    public byte[]? Body { get; init; }

    /// <summary>The raw Location header of a redirect.</summary>
    public string? Location { get; init; }

    /// <summary>The request as sent (line and headers).</summary>
    public string? RequestHeaders { get; init; }

    /// <summary>The response's status line and headers.</summary>
    public string? ResponseHeaders { get; init; }

    /// <summary>What went wrong, in words, when no response or no whole body arrived (for messages; not stored).</summary>
    public string? Detail { get; init; }

    /// <summary>Attempts made.</summary>
    public int Attempts { get; init; } = 1;

    /// <summary>When the last attempt started.</summary>
    public DateTimeOffset StartedAt { get; init; }

    /// <summary>Duration of the last attempt in milliseconds.</summary>
    public double ElapsedMs { get; init; }
}
