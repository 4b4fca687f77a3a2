using System.Net;
using System.Text;

namespace Aio.Crawler.Tests.Site;

/// <summary>The traps of <see cref="TestSite"/> that answer at once: redirects, flaky, markup, encodings, IRI, calendar.</summary>
public class TestSiteTrapTests
{
    [Fact]
    public async Task Trap_index_links_every_trap()
    {
        await using var site = await TestSite.StartAsync();
        using var client = SiteClient.Create();
        var hrefs = SiteClient.Hrefs(await client.GetHtmlAsync(site, "/traps/index.html"));
        Assert.Equal(
            ["redirect-loop/a.html", "redirect-ok.html", "slow-drip.html", "endless.html", "huge.bin", "flaky.html",
             "malformed.html", "enc-latin1.html", "enc-meta-sjis.html", "enc-utf16.html", "enc-wrong.html", "iri.html",
             "calendar/0.html", "private/secret.html", "missing.html"],
            hrefs);
    }

    [Fact]
    public async Task Redirect_loop_sends_a_to_b_and_b_back_to_a()
    {
        await using var site = await TestSite.StartAsync();
        using var client = SiteClient.Create();
        using var a = await client.GetAsync(site.Url("/traps/redirect-loop/a.html"));
        using var b = await client.GetAsync(site.Url("/traps/redirect-loop/b.html"));
        Assert.Equal(HttpStatusCode.Found, a.StatusCode);
        Assert.Equal("b.html", a.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Found, b.StatusCode);
        Assert.Equal("a.html", b.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Redirect_ok_moves_permanently_to_a_real_landing_page()
    {
        await using var site = await TestSite.StartAsync();
        using var client = SiteClient.Create();
        using var moved = await client.GetAsync(site.Url("/traps/redirect-ok.html"));
        Assert.Equal(HttpStatusCode.MovedPermanently, moved.StatusCode);
        Assert.Equal("landing.html", moved.Headers.Location?.OriginalString);
        Assert.Contains("<h1>landing</h1>", await client.GetHtmlAsync(site, "/traps/landing.html"));
    }

    [Fact]
    public async Task Flaky_fails_the_configured_number_of_times_then_links_its_child_until_reset()
    {
        await using var site = await TestSite.StartAsync();
        using var client = SiteClient.Create();
        async Task<HttpStatusCode> StatusAsync()
        {
            using var response = await client.GetAsync(site.Url("/traps/flaky.html"));
            return response.StatusCode;
        }

        Assert.Equal(HttpStatusCode.InternalServerError, await StatusAsync());
        Assert.Equal(HttpStatusCode.InternalServerError, await StatusAsync());
        Assert.Contains("flaky-child.html", SiteClient.Hrefs(await client.GetHtmlAsync(site, "/traps/flaky.html")));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync());
        Assert.Equal(4, site.Requests("/traps/flaky.html"));

        site.Reset();
        Assert.Equal(HttpStatusCode.InternalServerError, await StatusAsync());
    }

    [Fact]
    public async Task Malformed_page_hides_five_real_links_among_fakes_without_closing_tags()
    {
        await using var site = await TestSite.StartAsync();
        using var client = SiteClient.Create();
        var bytes = await client.GetByteArrayAsync(site.Url("/traps/malformed.html"));
        var html = Encoding.ASCII.GetString(bytes);

        Assert.Contains((byte)0, bytes);
        Assert.DoesNotContain("</html>", html);
        Assert.Contains("href=mal-1.html", html);
        Assert.Contains("HREF=\"mal-2.html\"", html);
        Assert.Contains("<a\nhref\n=\n'mal-3.html'", html);
        Assert.Contains("\"  mal-5.html  \"", html);
        Assert.Contains("<script>", html);
        Assert.Contains("<!-- <a href=\"comment-fake.html\"", html);
        foreach (var child in new[] { "mal-1", "mal-2", "mal-3", "mal-4", "mal-5", "script-fake", "comment-fake" })
        {
            Assert.Contains($"<h1>{child}</h1>", await client.GetHtmlAsync(site, $"/traps/{child}.html"));
        }
    }

    [Fact]
    public async Task Latin1_page_declares_its_charset_in_the_header_only()
    {
        var (bytes, contentType) = await FetchAsync("/traps/enc-latin1.html");
        Assert.Equal("text/html; charset=ISO-8859-1", contentType);
        Assert.Contains((byte)0xE9, bytes);
        Assert.Contains("enc-latin1-child.html", Encoding.Latin1.GetString(bytes));
    }

    [Fact]
    public async Task Shift_jis_page_declares_its_charset_only_in_a_meta_element()
    {
        var (bytes, contentType) = await FetchAsync("/traps/enc-meta-sjis.html");
        var html = CodePages.ShiftJis.GetString(bytes);
        Assert.Equal("text/html", contentType);
        Assert.Contains("<meta charset=\"shift_jis\">", html);
        Assert.Contains("東京", html);
        Assert.Contains("enc-sjis-child.html", html);
    }

    [Fact]
    public async Task Utf16_page_starts_with_a_byte_order_mark_and_declares_no_charset()
    {
        var (bytes, contentType) = await FetchAsync("/traps/enc-utf16.html");
        Assert.Equal("text/html", contentType);
        Assert.Equal([0xFF, 0xFE], bytes[..2]);
        Assert.Contains("enc-utf16-child.html", Encoding.Unicode.GetString(bytes, 2, bytes.Length - 2));
    }

    [Fact]
    public async Task Wrong_charset_page_claims_utf8_but_is_windows_1252()
    {
        var (bytes, contentType) = await FetchAsync("/traps/enc-wrong.html");
        Assert.Equal("text/html; charset=utf-8", contentType);
        Assert.Throws<DecoderFallbackException>(() => new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes));
        Assert.Contains("enc-wrong-child.html", CodePages.Windows1252.GetString(bytes));
    }

    [Fact]
    public async Task Iri_page_links_cafe_raw_and_the_page_answers_at_its_escaped_path()
    {
        await using var site = await TestSite.StartAsync();
        using var client = SiteClient.Create();
        Assert.Contains("café.html", SiteClient.Hrefs(await client.GetHtmlAsync(site, "/traps/iri.html")));
        Assert.Equal("/traps/caf%C3%A9.html", new Uri(site.Url("/traps/café.html")).AbsolutePath);
        Assert.Contains("<h1>café</h1>", await client.GetHtmlAsync(site, "/traps/café.html"));
        Assert.Equal(1, site.Requests("/traps/café.html"));
    }

    [Fact]
    public async Task Calendar_links_the_next_month_until_the_limit()
    {
        await using var site = await TestSite.StartAsync(new TestSiteOptions { CalendarLimit = 3 });
        using var client = SiteClient.Create();
        Assert.Equal(["3.html"], SiteClient.Hrefs(await client.GetHtmlAsync(site, "/traps/calendar/2.html")));
        using var past = await client.GetAsync(site.Url("/traps/calendar/3.html"));
        Assert.Equal(HttpStatusCode.NotFound, past.StatusCode);
        Assert.Equal(2, site.CalendarRequests);
    }

    [Theory]
    [InlineData("/traps/private/secret.html", HttpStatusCode.OK)]
    [InlineData("/traps/enc-utf16-child.html", HttpStatusCode.OK)]
    [InlineData("/traps/flaky-child.html", HttpStatusCode.OK)]
    [InlineData("/traps/missing.html", HttpStatusCode.NotFound)]
    [InlineData("/traps/drip-child.html", HttpStatusCode.NotFound)]
    public async Task Child_pages_exist_and_missing_ones_do_not(string path, HttpStatusCode status)
    {
        await using var site = await TestSite.StartAsync();
        using var client = SiteClient.Create();
        using var response = await client.GetAsync(site.Url(path));
        Assert.Equal(status, response.StatusCode);
    }

    private static async Task<(byte[] Bytes, string? ContentType)> FetchAsync(string path)
    {
        await using var site = await TestSite.StartAsync();
        using var client = SiteClient.Create();
        using var response = await client.GetAsync(site.Url(path));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadAsByteArrayAsync(), response.Content.Headers.ContentType?.ToString());
    }
}
