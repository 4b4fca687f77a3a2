using System.Net;
using System.Text;

namespace Aio.Crawler.Tests.Site;

/// <summary>The slow traps of <see cref="TestSite"/>: they end by themselves, when the client
/// hangs up, and when the site is disposed.</summary>
public class TestSiteStreamingTests
{
    [Fact]
    public async Task Huge_bin_announces_its_length_and_stops_sending_when_the_client_reads_only_headers()
    {
        await using var site = await TestSite.StartAsync();
        using var client = SiteClient.Create();
        using (var response = await client.GetAsync(site.Url("/traps/huge.bin"), HttpCompletionOption.ResponseHeadersRead))
        {
            Assert.Equal(site.Options.HugeBytes, response.Content.Headers.ContentLength);
            Assert.Equal("application/octet-stream", response.Content.Headers.ContentType?.MediaType);
        }

        Assert.True(await SiteClient.EventuallyAsync(() => site.OpenStreamingResponses == 0), "huge.bin never stopped");
        Assert.True(site.HugeBytesSent < site.Options.HugeBytes / 2, $"sent {site.HugeBytesSent} bytes");
    }

    [Fact]
    public async Task Huge_bin_sends_every_announced_byte_to_a_client_that_reads_it_all()
    {
        await using var site = await TestSite.StartAsync(new TestSiteOptions { HugeBytes = 1_000_000 });
        using var client = SiteClient.Create();
        var body = await client.GetByteArrayAsync(site.Url("/traps/huge.bin"));
        Assert.Equal(1_000_000, body.Length);
        Assert.True(await SiteClient.EventuallyAsync(() => site.OpenStreamingResponses == 0));
        Assert.Equal(1_000_000, site.HugeBytesSent);
    }

    [Fact]
    public async Task Huge_bin_answers_head_with_its_length_and_no_body()
    {
        await using var site = await TestSite.StartAsync();
        using var client = SiteClient.Create();
        using var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, site.Url("/traps/huge.bin")));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(site.Options.HugeBytes, response.Content.Headers.ContentLength);
        Assert.Equal(0, site.HugeBytesSent);
    }

    [Fact]
    public async Task Slow_drip_ends_by_itself_with_a_link_to_a_missing_child()
    {
        await using var site = await TestSite.StartAsync(new TestSiteOptions { DripSeconds = 1 });
        using var client = SiteClient.Create();
        var html = await client.GetHtmlAsync(site, "/traps/slow-drip.html");
        Assert.StartsWith("<html><body> ", html);
        Assert.Equal(["drip-child.html"], SiteClient.Hrefs(html));
        Assert.Equal(1, site.DripSecondsServed);
    }

    [Fact]
    public async Task Endless_streams_chunked_without_a_length_and_ends_by_itself()
    {
        await using var site = await TestSite.StartAsync(new TestSiteOptions { EndlessSeconds = 0.2, EndlessBytesPerSecond = 1024 * 1024 });
        using var client = SiteClient.Create();
        using var response = await client.GetAsync(site.Url("/traps/endless.html"), HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.TransferEncodingChunked);
        Assert.Null(response.Content.Headers.ContentLength);

        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.StartsWith("<html><body><p>endless endless", Encoding.ASCII.GetString(body, 0, 40));
        Assert.Equal(body.Length - "<html><body>".Length, site.EndlessBytesSent);
    }

    [Theory]
    [InlineData("/traps/slow-drip.html")]
    [InlineData("/traps/endless.html")]
    public async Task A_client_hanging_up_ends_a_slow_response(string path)
    {
        await using var site = await TestSite.StartAsync(LongRunning);
        using (var client = SiteClient.Create())
        {
            using var response = await client.GetAsync(site.Url(path), HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(1, site.OpenStreamingResponses);
        }

        Assert.True(await SiteClient.EventuallyAsync(() => site.OpenStreamingResponses == 0), "the response went on");
    }

    [Theory]
    [InlineData("/traps/slow-drip.html")]
    [InlineData("/traps/endless.html")]
    public async Task Disposing_the_site_ends_a_slow_response_in_progress(string path)
    {
        await using var site = await TestSite.StartAsync(LongRunning);
        using var client = SiteClient.Create();
        using var response = await client.GetAsync(site.Url(path), HttpCompletionOption.ResponseHeadersRead);
        var body = await response.Content.ReadAsStreamAsync();
        var start = new byte[12];
        await body.ReadExactlyAsync(start);
        var rest = DrainAsync(body);

        await site.DisposeAsync();

        var finished = await Task.WhenAny(rest, Task.Delay(TimeSpan.FromSeconds(30)));
        Assert.Same(rest, finished);
        Assert.Equal("<html><body>", Encoding.ASCII.GetString(start));
        Assert.Equal(0, site.OpenStreamingResponses);
    }

    private static readonly TestSiteOptions LongRunning = new()
    {
        DripSeconds = 600,
        EndlessSeconds = 600,
        EndlessBytesPerSecond = 64 * 1024,
    };

    /// <summary>Reads to the end; a cut connection is an ending too.</summary>
    private static async Task DrainAsync(Stream body)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (await body.ReadAsync(buffer) > 0)
            {
            }
        }
        catch (Exception e) when (e is IOException or HttpRequestException)
        {
        }
    }
}
