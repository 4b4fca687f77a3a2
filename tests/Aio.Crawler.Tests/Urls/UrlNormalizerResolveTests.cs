using Aio.Crawler.Urls;

namespace Aio.Crawler.Tests.Urls;

public class UrlNormalizerResolveTests
{
    private const string Page = "http://example.com/dir/page.html?p=1";

    [Theory]
    [InlineData("other.html", "http://example.com/dir/other.html")]
    [InlineData("./other.html", "http://example.com/dir/other.html")]
    [InlineData("../up.html", "http://example.com/up.html")]
    [InlineData("../../../../up.html", "http://example.com/up.html")]
    [InlineData("sub/", "http://example.com/dir/sub/")]
    [InlineData(".", "http://example.com/dir/")]
    [InlineData("..", "http://example.com/")]
    [InlineData("/root.html", "http://example.com/root.html")]
    [InlineData("?q=2", "http://example.com/dir/page.html?q=2")]
    [InlineData("//Other.org/x", "http://other.org/x")]
    [InlineData("https://secure.example.com:443/", "https://secure.example.com/")]
    public void Resolve_follows_the_rfc3986_reference_rules(string href, string expected) =>
        Assert.Equal(expected, UrlNormalizer.Resolve(Page, href));

    [Fact]
    public void Resolve_drops_the_fragment() =>
        Assert.Equal("http://example.com/dir/a.html", UrlNormalizer.Resolve(Page, "a.html#section-2"));

    [Fact]
    public void Resolve_percent_encodes_an_iri_link_as_utf8() =>
        Assert.Equal("http://example.com/dir/caf%C3%A9.html", UrlNormalizer.Resolve(Page, "café.html"));

    [Theory]
    [InlineData("\n mal-3.html", "http://example.com/dir/mal-3.html")]
    [InlineData(" mal-4.html ", "http://example.com/dir/mal-4.html")]
    [InlineData("mal-\n5.html", "http://example.com/dir/mal-5.html")]
    [InlineData("\t/x\r\n/y.html", "http://example.com/x/y.html")]
    public void Resolve_ignores_padding_and_line_breaks_in_hrefs(string href, string expected) =>
        Assert.Equal(expected, UrlNormalizer.Resolve(Page, href));

    [Theory]
    [InlineData("\\x\\y.html", "http://example.com/x/y.html")]
    [InlineData("\\\\other.org\\z", "http://other.org/z")]
    [InlineData("sub\\file.html", "http://example.com/dir/sub/file.html")]
    public void Resolve_treats_backslashes_as_slashes(string href, string expected) =>
        Assert.Equal(expected, UrlNormalizer.Resolve(Page, href));

    [Theory]
    [InlineData("javascript:void(0)")]
    [InlineData("JavaScript:alert(1)")]
    [InlineData(" javascript:x")]
    [InlineData("mailto:someone@example.com")]
    [InlineData("tel:+123456")]
    [InlineData("data:text/html,hi")]
    [InlineData("ftp://example.com/f")]
    [InlineData("about:blank")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\n\t")]
    [InlineData("#top")]
    [InlineData(" #top")]
    [InlineData("//")]
    [InlineData("http://exa mple.com/")]
    public void Resolve_rejects_non_http_empty_fragment_only_and_malformed_hrefs(string href) =>
        Assert.Null(UrlNormalizer.Resolve(Page, href));

    [Theory]
    [InlineData("http:other.html", "http://example.com/dir/other.html")]
    [InlineData("https:other.org/x", "https://other.org/x")]
    public void Resolve_treats_a_same_scheme_reference_without_slashes_as_relative(string href, string expected) =>
        Assert.Equal(expected, UrlNormalizer.Resolve(Page, href));

    [Fact]
    public void Resolve_normalises_the_result() =>
        Assert.Equal("http://example.com/b/c.html", UrlNormalizer.Resolve(Page, "HTTP://Example.COM:80/a/../b/./c.html#x"));

    [Theory]
    [InlineData("http://Example.com", "a.html", "http://example.com/a.html")]
    [InlineData("http://example.com/dir/", "a.html", "http://example.com/dir/a.html")]
    [InlineData("http://example.com:8080/dir/x#frag", "a.html", "http://example.com:8080/dir/a.html")]
    [InlineData("http://example.com/caf%c3%a9/x", "y", "http://example.com/caf%C3%A9/y")]
    public void Resolve_reads_the_base_in_any_form(string baseUrl, string href, string expected) =>
        Assert.Equal(expected, UrlNormalizer.Resolve(baseUrl, href));

    [Fact]
    public void Resolve_takes_a_uri_as_the_base() =>
        Assert.Equal("http://example.com/dir/a.html", UrlNormalizer.Resolve(new Uri(Page), "a.html"));

    [Theory]
    [InlineData("ftp://example.com/dir/")]
    [InlineData("not a url")]
    public void Resolve_rejects_a_base_that_is_not_http(string baseUrl) =>
        Assert.Null(UrlNormalizer.Resolve(baseUrl, "a.html"));

    [Fact]
    public void Resolve_agrees_with_system_uri_on_plain_relative_references()
    {
        var baseUri = new Uri("http://example.com/a/b/c/d.html?q");
        foreach (string href in new[] { "g", "./g", "g/", "/g", "?y", "g?y", ";x", "g;x", "..", "../", "../g", "../..", "../../g" })
        {
            Assert.Equal(new Uri(baseUri, href).AbsoluteUri, UrlNormalizer.Resolve(baseUri, href));
        }
    }
}
