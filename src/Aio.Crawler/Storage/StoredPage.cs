namespace Aio.Crawler.Storage;

/// <summary>One finished fetch read back from a store (for export).</summary>
public sealed record StoredPage(
    string Url,
    int Depth,
    string Reason,
    int? Status,
    string? ContentType,
    long Bytes,
    string? Location,
    int Attempts,
    DateTimeOffset FetchedAt,
    double ElapsedMs,
    string? RequestHeaders,
    string? ResponseHeaders,
    byte[]? Body);
