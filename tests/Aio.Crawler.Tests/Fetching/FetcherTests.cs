using System.Net;
using Aio.Crawler.Crawling;
using Aio.Crawler.Fetching;
using Aio.Crawler.Storage;

namespace Aio.Crawler.Tests.Fetching;

/// <summary>The fetcher's limits and retry rules, against scripted responses.</summary>
public sealed class FetcherTests
{
    private static readonly CrawlOptions Options = new() { Backoff = TimeSpan.FromMilliseconds(1), Retries = 2, MaxBytes = 1000 };

    private static (FetchResult Result, int Requests) Fetch(ScriptedHandler handler, CrawlOptions? options = null)
    {
        using var fetcher = new Fetcher(options ?? Options, handler);
        var result = Asyncio.Run(() => fetcher.FetchAsync("http://example.test/a.html", anyContentType: false, CancellationToken.None));
        return (result, handler.Requests);
    }

    private static HttpResponseMessage Status(HttpStatusCode status, string? retryAfter = null)
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent("") };
        if (retryAfter is not null)
        {
            response.Headers.TryAddWithoutValidation("Retry-After", retryAfter);
        }

        return response;
    }

    [Fact]
    public void A_503_is_retried_after_its_Retry_After_and_the_page_then_fetched()
    {
        var (result, requests) = Fetch(new ScriptedHandler(() => Status(HttpStatusCode.ServiceUnavailable, "0"), () => ScriptedHandler.Html()));

        Assert.Equal(FetchReasons.Ok, result.Reason);
        Assert.Equal(200, result.Status);
        Assert.Equal(2, result.Attempts);
        Assert.Equal(2, requests);
    }

    [Fact]
    public void A_429_asking_for_longer_than_the_longest_honoured_wait_is_not_retried()
    {
        var (result, requests) = Fetch(new ScriptedHandler(() => Status(HttpStatusCode.TooManyRequests, "3600")));

        Assert.Equal(FetchReasons.HttpError, result.Reason);
        Assert.Equal(429, result.Status);
        Assert.Equal(1, requests);
    }

    [Fact]
    public void A_500_that_persists_ends_as_an_http_error_after_the_retries()
    {
        var (result, requests) = Fetch(new ScriptedHandler(() => Status(HttpStatusCode.InternalServerError)));

        Assert.Equal(FetchReasons.HttpError, result.Reason);
        Assert.Equal(3, result.Attempts);
        Assert.Equal(3, requests);
    }

    [Fact]
    public void A_404_is_not_retried()
    {
        var (result, requests) = Fetch(new ScriptedHandler(() => Status(HttpStatusCode.NotFound)));

        Assert.Equal(FetchReasons.HttpError, result.Reason);
        Assert.Equal(1, requests);
    }

    [Fact]
    public void A_connection_error_is_retried_then_reported()
    {
        var (result, requests) = Fetch(new ScriptedHandler(() => throw new HttpRequestException("refused")));

        Assert.Equal(FetchReasons.ConnectionError, result.Reason);
        Assert.Null(result.Status);
        Assert.Equal(3, requests);
    }

    [Fact]
    public void A_body_announced_larger_than_max_bytes_is_not_read()
    {
        var (result, _) = Fetch(new ScriptedHandler(() => ScriptedHandler.Html(new string('x', 5000))));

        Assert.Equal(FetchReasons.TooLarge, result.Reason);
        Assert.Null(result.Body);
    }

    [Fact]
    public void A_content_type_outside_the_list_ends_after_the_headers()
    {
        var (result, _) = Fetch(new ScriptedHandler(() => new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new ByteArrayContent([1, 2, 3]) { Headers = { ContentType = new("application/octet-stream") } },
        }));

        Assert.Equal(FetchReasons.SkippedContentType, result.Reason);
        Assert.Equal("application/octet-stream", result.ContentType);
        Assert.Null(result.Body);
    }

    [Fact]
    public void A_redirect_is_reported_with_its_location_and_not_followed()
    {
        var (result, requests) = Fetch(new ScriptedHandler(() =>
        {
            var response = Status(HttpStatusCode.Found);
            response.Headers.Location = new Uri("b.html", UriKind.Relative);
            return response;
        }));

        Assert.Equal(FetchReasons.Redirect, result.Reason);
        Assert.Equal("b.html", result.Location);
        Assert.Equal(1, requests);
    }

    [Fact]
    public void A_page_keeps_its_body_charset_and_the_request_and_response_headers()
    {
        var (result, _) = Fetch(new ScriptedHandler(() => ScriptedHandler.Html("<p>hi</p>")));

        Assert.Equal("<p>hi</p>"u8.ToArray(), result.Body);
        Assert.Equal("utf-8", result.Charset);
        Assert.StartsWith("GET /a.html HTTP/1.1\r\nHost: example.test\r\n", result.RequestHeaders);
        Assert.StartsWith("HTTP/1.1 200 OK\r\n", result.ResponseHeaders);
        Assert.Contains("Content-Type: text/html; charset=utf-8", result.ResponseHeaders);
    }

    [Fact]
    public void A_request_the_http_stack_refuses_ends_as_an_invalid_url_without_retries()
    {
        var (result, requests) = Fetch(new ScriptedHandler(() => throw new NotSupportedException("scheme not supported")));

        Assert.Equal(FetchReasons.InvalidUrl, result.Reason);
        Assert.Equal("scheme not supported", result.Detail);
        Assert.Equal(1, requests);
    }

    [Theory]
    [InlineData(true, 0)]
    [InlineData(true, 40_000)]
    [InlineData(false, 0)]
    [InlineData(false, 40_000)]
    public void A_body_is_read_whole_whether_or_not_its_length_is_declared(bool declared, int size)
    {
        byte[] bytes = [.. Enumerable.Range(0, size).Select(i => (byte)i)];
        var (result, _) = Fetch(
            new ScriptedHandler(() => HtmlBody(bytes, declared)),
            Options with { MaxBytes = 100_000 });

        Assert.Equal(FetchReasons.Ok, result.Reason);
        Assert.Equal(size, result.Bytes);
        Assert.Equal(bytes, result.Body);
    }

    [Fact]
    public void A_body_shorter_than_its_declared_length_is_a_connection_error()
    {
        var (result, _) = Fetch(new ScriptedHandler(() =>
        {
            var response = HtmlBody(new byte[500], declared: false);
            response.Content.Headers.ContentLength = 800;
            return response;
        }));

        Assert.Equal(FetchReasons.ConnectionError, result.Reason);
        Assert.Null(result.Body);
    }

    [Fact]
    public void A_body_of_unknown_length_beyond_max_bytes_is_abandoned()
    {
        var (result, _) = Fetch(new ScriptedHandler(() => HtmlBody(new byte[5000], declared: false)));

        Assert.Equal(FetchReasons.TooLarge, result.Reason);
        Assert.Null(result.Body);
    }

    private static HttpResponseMessage HtmlBody(byte[] bytes, bool declared)
    {
        HttpContent content = declared ? new ByteArrayContent(bytes) : new StreamContent(new UnknownLengthStream(bytes));
        content.Headers.ContentType = new("text/html");
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
    }

    /// <summary>A stream whose length HttpContent cannot learn, as for a chunked response.</summary>
    private sealed class UnknownLengthStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
