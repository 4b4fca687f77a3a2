namespace Aio.Crawler.Storage;

/// <summary>The reasons a fetch ends with, as stored (stable strings: exports and <c>status</c> show them).</summary>
public static class FetchReasons
{
    /// <summary>Fetched whole (any status that is not a redirect, a retryable failure or an error below).</summary>
    public const string Ok = "ok";
    /// <summary>A 3xx with a Location: the target went to the frontier.</summary>
    public const string Redirect = "redirect";
    /// <summary>A redirect beyond the hop limit.</summary>
    public const string TooManyRedirects = "too-many-redirects";
    /// <summary>A 4xx, or a 5xx/429 still failing after the retries.</summary>
    public const string HttpError = "http-error";
    /// <summary>A content type outside <c>--content-types</c>: the body was not downloaded.</summary>
    public const string SkippedContentType = "skipped-content-type";
    /// <summary>The body was longer than <c>--max-bytes</c> (by Content-Length or as it streamed).</summary>
    public const string TooLarge = "too-large";
    /// <summary>The whole request took longer than the request timeout.</summary>
    public const string Timeout = "timeout";
    /// <summary>No byte arrived for longer than the idle-read timeout.</summary>
    public const string IdleTimeout = "idle-timeout";
    /// <summary>Could not connect, or the connection broke, after the retries.</summary>
    public const string ConnectionError = "connection-error";
    /// <summary>Disallowed by the host's robots.txt: not fetched.</summary>
    public const string Robots = "robots";
    /// <summary>Deeper than <c>--max-depth</c>: not fetched.</summary>
    public const string MaxDepth = "max-depth";
    /// <summary>The URL could not be requested (unsupported scheme, malformed).</summary>
    public const string InvalidUrl = "invalid-url";
}
