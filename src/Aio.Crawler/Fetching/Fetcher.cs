using System.Buffers;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Aio.Crawler.Crawling;
using Aio.Crawler.Storage;
using static Aio.Asyncio;

namespace Aio.Crawler.Fetching;

/// <summary>
/// One GET with the crawl's limits: connect, whole-request and idle-read timeouts, a body cap, content types, and
/// retries with exponential backoff and jitter on connection errors, timeouts before a response, 5xx and 429
/// (honouring Retry-After). Redirects are not followed here: they go through the frontier, so every hop passes
/// scope, robots and de-duplication, and a loop dies in the de-duplication.
/// A body that times out after it started is not retried: a server that drips is not going to get faster.
/// </summary>
public sealed class Fetcher : IDisposable
{
    private readonly HttpMessageInvoker _client;
    private readonly CrawlOptions _options;
    private readonly HashSet<string> _contentTypes;

    /// <summary>A fetcher on its own connection pool, or on <paramref name="handler"/> when given.</summary>
    public Fetcher(CrawlOptions options, HttpMessageHandler? handler = null)
    {
        _options = options;
        _contentTypes = new HashSet<string>(options.ContentTypes, StringComparer.OrdinalIgnoreCase);
        _client = new HttpMessageInvoker(handler ?? CreateHandler(options), disposeHandler: true);
    }

    /// <summary>The connection pool a crawl uses: no automatic redirects or cookies, bounded per host.</summary>
    public static SocketsHttpHandler CreateHandler(CrawlOptions options) => new()
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        UseProxy = false,
        AutomaticDecompression = DecompressionMethods.All,
        ConnectTimeout = options.ConnectTimeout,
        MaxConnectionsPerServer = options.EffectivePerHost,
        PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
        // An unread body (a skipped type, a cap) closes the connection instead of draining megabytes.
        MaxResponseDrainSize = 64 * 1024,
    };

    /// <summary>Counts retries as they happen (progress display).</summary>
    public Action? OnRetry { get; set; }

    /// <summary>Fetches <paramref name="url"/>, retrying what is worth retrying.</summary>
    /// <param name="url">A normalised absolute http(s) URL.</param>
    /// <param name="anyContentType">Read the body whatever its type (robots.txt), not only the crawl's types.</param>
    /// <param name="cancellationToken">Ends the fetch (the crawl is stopping).</param>
    public async Task<FetchResult> FetchAsync(string url, bool anyContentType, CancellationToken cancellationToken)
    {
        for (int attempt = 1; ; attempt++)
        {
            var (result, retryAfter) = await AttemptAsync(url, attempt, anyContentType, cancellationToken);
            if (retryAfter is null || attempt > _options.Retries)
            {
                return result;
            }

            OnRetry?.Invoke();
            await Sleep(retryAfter.Value, cancellationToken);
        }
    }

    private async Task<(FetchResult Result, TimeSpan? RetryAfter)> AttemptAsync(
        string url, int attempt, bool anyContentType, CancellationToken cancellationToken)
    {
        var startedAt = DateTimeOffset.UtcNow;
        long started = Stopwatch.GetTimestamp();
        HttpRequestMessage? built = null;
        try
        {
            built = new HttpRequestMessage(HttpMethod.Get, url) { Version = HttpVersion.Version11 };
        }
        catch (Exception error) when (error is UriFormatException or ArgumentException)
        {
            // A URL the normaliser let through but HttpClient refuses: one bad link must not stop the crawl.
            return (Failed(FetchReasons.InvalidUrl, error.Message, attempt, startedAt, started), null);
        }

        using var request = built;
        request.Headers.TryAddWithoutValidation("User-Agent", _options.UserAgent);
        request.Headers.TryAddWithoutValidation("Accept", "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.RequestTimeout);
        HttpResponseMessage response;
        try
        {
            response = await _client.SendAsync(request, timeout.Token);
        }
        catch (Exception error) when (!cancellationToken.IsCancellationRequested && IsTransport(error))
        {
            bool timedOut = error is OperationCanceledException;
            string reason = timedOut ? FetchReasons.Timeout : FetchReasons.ConnectionError;
            string detail = timedOut ? $"no response within {_options.RequestTimeout.TotalSeconds:0.#} s" : Innermost(error).Message;
            return (Failed(reason, detail, attempt, startedAt, started), Backoff(attempt, null));
        }
        catch (Exception error) when (error is InvalidOperationException or NotSupportedException)
        {
            return (Failed(FetchReasons.InvalidUrl, error.Message, attempt, startedAt, started), null);
        }

        using (response)
        {
            int status = (int)response.StatusCode;
            var contentType = response.Content.Headers.ContentType;
            string? mediaType = contentType?.MediaType?.ToLowerInvariant();
            string requestText = KeepHeaders ? RequestText(request) : string.Empty;
            string responseText = KeepHeaders ? ResponseText(response) : string.Empty;
            FetchResult Result(string reason, long bytes = 0, byte[]? body = null, string? location = null) => new()
            {
                Reason = reason,
                Status = status,
                ContentType = mediaType,
                Charset = contentType?.CharSet,
                Bytes = bytes,
                Body = body,
                Location = location,
                RequestHeaders = KeepHeaders ? requestText : null,
                ResponseHeaders = KeepHeaders ? responseText : null,
                Attempts = attempt,
                StartedAt = startedAt,
                ElapsedMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds,
            };

            if (status is >= 300 and < 400 && response.Headers.Location is { } location)
            {
                return (Result(FetchReasons.Redirect, location: location.OriginalString), null);
            }

            if (status >= 500 || status == 429)
            {
                return (Result(FetchReasons.HttpError), Backoff(attempt, response.Headers.RetryAfter));
            }

            if (!anyContentType && (mediaType is null || !_contentTypes.Contains(mediaType)))
            {
                return (Result(status >= 400 ? FetchReasons.HttpError : FetchReasons.SkippedContentType), null);
            }

            if (response.Content.Headers.ContentLength > _options.MaxBytes)
            {
                return (Result(FetchReasons.TooLarge, response.Content.Headers.ContentLength ?? 0), null);
            }

            var (reason, bytes, body) = await ReadBodyAsync(response, timeout, started, cancellationToken);
            if (reason == FetchReasons.Ok && status >= 400)
            {
                reason = FetchReasons.HttpError;
            }

            return (Result(reason, bytes, reason == FetchReasons.Ok || reason == FetchReasons.HttpError ? body : null), null);
        }
    }

    private bool KeepHeaders => _options.KeepBodies;

    /// <summary>Reads the body to its end, within the size cap and both timeouts, into one right-sized array.</summary>
    /// <remarks>
    /// With a Content-Length the array is allocated at its final size and filled in place (HttpClient ends such a
    /// body at exactly that length or fails the read); only a body of unknown length (chunked, decompressed) goes
    /// through a growing pooled buffer and one copy. A pooled buffer for every response would be garbage anyway at
    /// high concurrency: the pool keeps far fewer arrays than there are requests in flight.
    /// </remarks>
    private async Task<(string Reason, long Bytes, byte[]? Body)> ReadBodyAsync(
        HttpResponseMessage response, CancellationTokenSource timeout, long started, CancellationToken cancellationToken)
    {
        long? declared = response.Content.Headers.ContentLength;
        var body = new BodyBuffer(declared is { } size and <= int.MaxValue ? (int)size : -1);
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(timeout.Token);
            while (!body.IsComplete)
            {
                // The remaining whole-request time or the idle limit, whichever ends first.
                var left = _options.RequestTimeout - Stopwatch.GetElapsedTime(started);
                if (left <= TimeSpan.Zero)
                {
                    return (FetchReasons.Timeout, body.Length, null);
                }

                timeout.CancelAfter(left < _options.IdleTimeout ? left : _options.IdleTimeout);
                int read;
                try
                {
                    read = await stream.ReadAsync(body.Free(), timeout.Token);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    bool whole = Stopwatch.GetElapsedTime(started) >= _options.RequestTimeout - TimeSpan.FromMilliseconds(50);
                    return (whole ? FetchReasons.Timeout : FetchReasons.IdleTimeout, body.Length, null);
                }

                if (read == 0)
                {
                    break;
                }

                body.Advance(read);
                if (body.Length > _options.MaxBytes)
                {
                    return (FetchReasons.TooLarge, body.Length, null);
                }
            }

            // HttpClient fails a short body on a real connection; a handler's content may just end.
            return body.IsShort ? (FetchReasons.ConnectionError, body.Length, null) : (FetchReasons.Ok, body.Length, body.ToArray());
        }
        catch (Exception error) when (!cancellationToken.IsCancellationRequested && IsTransport(error))
        {
            return (FetchReasons.ConnectionError, body.Length, null);
        }
        finally
        {
            body.Dispose();
        }
    }

    private static bool IsTransport(Exception error) =>
        error is HttpRequestException or IOException or SocketException or OperationCanceledException;

    private TimeSpan? Backoff(int attempt, RetryConditionHeaderValue? retryAfter)
    {
        if (attempt > _options.Retries)
        {
            return null;
        }

        TimeSpan? asked = retryAfter?.Delta ?? (retryAfter?.Date - DateTimeOffset.UtcNow);
        if (asked is { } wait)
        {
            return wait > _options.MaxRetryAfter ? null : wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        double jitter = 0.5 + Random.Shared.NextDouble();
        return _options.Backoff * Math.Pow(2, attempt - 1) * jitter;
    }

    private static Exception Innermost(Exception error)
    {
        while (error.InnerException is { } inner)
        {
            error = inner;
        }

        return error;
    }

    private static FetchResult Failed(string reason, string detail, int attempt, DateTimeOffset startedAt, long started) => new()
    {
        Reason = reason,
        Detail = detail,
        Attempts = attempt,
        StartedAt = startedAt,
        ElapsedMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds,
    };

    private static string RequestText(HttpRequestMessage request)
    {
        var uri = request.RequestUri!;
        var text = new StringBuilder(256);
        text.Append("GET ").Append(uri.PathAndQuery).Append(" HTTP/1.1\r\n");
        text.Append("Host: ").Append(uri.Authority).Append("\r\n");
        AppendHeaders(text, request.Headers);
        return text.ToString();
    }

    private static string ResponseText(HttpResponseMessage response)
    {
        var text = new StringBuilder(512);
        text.Append("HTTP/").Append(response.Version.ToString(2)).Append(' ').Append((int)response.StatusCode)
            .Append(' ').Append(response.ReasonPhrase).Append("\r\n");
        AppendHeaders(text, response.Headers);
        AppendHeaders(text, response.Content.Headers);
        return text.ToString();
    }

    private static void AppendHeaders(StringBuilder text, HttpHeaders headers)
    {
        foreach (var header in headers.NonValidated)
        {
            foreach (string value in header.Value)
            {
                text.Append(header.Key).Append(": ").Append(value).Append("\r\n");
            }
        }
    }

    /// <inheritdoc />
    public void Dispose() => _client.Dispose();
}
