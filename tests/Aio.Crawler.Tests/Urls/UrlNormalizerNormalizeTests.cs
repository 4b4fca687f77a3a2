using System.Globalization;
using Aio.Crawler.Urls;

namespace Aio.Crawler.Tests.Urls;

public class UrlNormalizerNormalizeTests
{
    [Fact]
    public void Normalize_lowercases_scheme_and_host_removes_the_default_port_resolves_dots_and_drops_the_fragment() =>
        Assert.Equal("http://example.com/b/c.html", UrlNormalizer.Normalize("HTTP://Example.COM:80/a/../b/./c.html#x"));

    [Theory]
    [InlineData("https://example.com:443/x", "https://example.com/x")]
    [InlineData("http://example.com:0080/x", "http://example.com/x")]
    [InlineData("http://example.com:/x", "http://example.com/x")]
    [InlineData("https://example.com:80/x", "https://example.com:80/x")]
    [InlineData("http://example.com:8080/x", "http://example.com:8080/x")]
    public void Normalize_removes_only_the_scheme_default_port(string url, string expected) =>
        Assert.Equal(expected, UrlNormalizer.Normalize(url));

    [Theory]
    [InlineData("http://example.com", "http://example.com/")]
    [InlineData("http://example.com?q=1", "http://example.com/?q=1")]
    public void Normalize_turns_an_empty_path_into_a_slash(string url, string expected) =>
        Assert.Equal(expected, UrlNormalizer.Normalize(url));

    [Theory]
    [InlineData("http://example.com/a/b/../../../c", "http://example.com/c")]
    [InlineData("http://example.com/a/.", "http://example.com/a/")]
    [InlineData("http://example.com/a/b/..", "http://example.com/a/")]
    [InlineData("http://example.com/a/%2e%2E/b", "http://example.com/b")]
    [InlineData("http://example.com/a../b", "http://example.com/a../b")]
    public void Normalize_resolves_dot_segments(string url, string expected) =>
        Assert.Equal(expected, UrlNormalizer.Normalize(url));

    [Theory]
    [InlineData("http://example.com/a%2fb", "http://example.com/a%2Fb")]
    [InlineData("http://example.com/%7euser/%41%62", "http://example.com/~user/Ab")]
    [InlineData("http://example.com/a%20b", "http://example.com/a%20b")]
    [InlineData("http://example.com/100%", "http://example.com/100%25")]
    [InlineData("http://example.com/%zz", "http://example.com/%25zz")]
    public void Normalize_canonicalises_percent_escapes(string url, string expected) =>
        Assert.Equal(expected, UrlNormalizer.Normalize(url));

    [Theory]
    [InlineData("http://example.com/café.html", "http://example.com/caf%C3%A9.html")]
    [InlineData("http://example.com/a b|c{d}^`\"<>.html", "http://example.com/a%20b%7Cc%7Bd%7D%5E%60%22%3C%3E.html")]
    [InlineData("http://example.com/\u65e5\u672c", "http://example.com/%E6%97%A5%E6%9C%AC")]
    [InlineData("http://example.com/\U0001F600", "http://example.com/%F0%9F%98%80")]
    public void Normalize_percent_encodes_non_ascii_and_disallowed_characters_as_utf8(string url, string expected) =>
        Assert.Equal(expected, UrlNormalizer.Normalize(url));

    [Theory]
    [InlineData("http://example.com/s?b=2&a=1", "http://example.com/s?b=2&a=1")]
    [InlineData("http://example.com/s?q=%7e%2f%c3%a9", "http://example.com/s?q=~%2F%C3%A9")]
    [InlineData("http://example.com/s?q=caf\u00e9 x", "http://example.com/s?q=caf%C3%A9%20x")]
    [InlineData("http://example.com/s?q=a\\b", "http://example.com/s?q=a%5Cb")]
    [InlineData("http://example.com/s?", "http://example.com/s")]
    [InlineData("http://example.com/s?#frag", "http://example.com/s")]
    public void Normalize_keeps_the_query_in_order_with_normalised_escapes_and_drops_an_empty_one(string url, string expected) =>
        Assert.Equal(expected, UrlNormalizer.Normalize(url));

    [Theory]
    [InlineData("  http://example.com/a  ", "http://example.com/a")]
    [InlineData("http://exam\nple.com/a\tb\r\n.html", "http://example.com/ab.html")]
    [InlineData("\u0000http://example.com/\u001f", "http://example.com/")]
    public void Normalize_strips_outer_whitespace_and_inner_tabs_and_newlines(string url, string expected) =>
        Assert.Equal(expected, UrlNormalizer.Normalize(url));

    [Theory]
    [InlineData("http:///host/path", "http://host/path")]
    [InlineData("http:example.com/a", "http://example.com/a")]
    public void Normalize_skips_any_number_of_slashes_before_the_host_as_browsers_do(string url, string expected) =>
        Assert.Equal(expected, UrlNormalizer.Normalize(url));

    [Fact]
    public void Normalize_treats_backslashes_as_slashes() =>
        Assert.Equal("http://example.com/a/b.html", UrlNormalizer.Normalize("http:\\\\example.com\\a\\b.html"));

    [Theory]
    [InlineData("http://b\u00fccher.example/", "http://xn--bcher-kva.example/")]
    [InlineData("http://B\u00dcCHER.example/", "http://xn--bcher-kva.example/")]
    [InlineData("http://\u00c9COLE.fr/", "http://xn--cole-9oa.fr/")]
    [InlineData("http://\u4f8b\u3048.\u30c6\u30b9\u30c8/", "http://xn--r8jz45g.xn--zckzah/")]
    public void Normalize_converts_an_internationalised_host_to_punycode(string url, string expected) =>
        Assert.Equal(expected, UrlNormalizer.Normalize(url));

    [Fact]
    public void Idn_mapping_works_under_invariant_globalization()
    {
        Assert.True(AppContext.TryGetSwitch("System.Globalization.Invariant", out bool invariant) && invariant);
        Assert.Equal("xn--bcher-kva.example", new IdnMapping().GetAscii("b\u00fccher.example"));
    }

    [Theory]
    [InlineData("http://[::1]:8080/a", "http://[::1]:8080/a")]
    [InlineData("http://[FE80::1]/", "http://[fe80::1]/")]
    [InlineData("http://user:pw@Example.com/", "http://user:pw@example.com/")]
    public void Normalize_keeps_ipv6_literals_and_userinfo(string url, string expected) =>
        Assert.Equal(expected, UrlNormalizer.Normalize(url));

    [Theory]
    [InlineData("ftp://example.com/file")]
    [InlineData("mailto:someone@example.com")]
    [InlineData("javascript:alert(1)")]
    [InlineData("example.com/page")]
    [InlineData("/relative/path")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("http://")]
    [InlineData("http://exa mple.com/")]
    [InlineData("http://exa%41mple.com/")]
    [InlineData("http://a..com/")]
    [InlineData("http://example.com:99999/")]
    [InlineData("http://example.com:8o/")]
    [InlineData("http://[::1/")]
    public void Normalize_rejects_non_http_and_malformed_urls(string url) =>
        Assert.Null(UrlNormalizer.Normalize(url));

    [Theory]
    [InlineData("http://example.com/")]
    [InlineData("https://example.com:8443/a/b%2F?x=%C3%A9&y")]
    public void Normalize_returns_a_canonical_url_unchanged(string url) =>
        Assert.Same(url, UrlNormalizer.Normalize(url));

    [Theory]
    [InlineData("HTTP://Example.COM:80/a/../b/./c.html#x")]
    [InlineData("http://example.com/caf\u00e9?q=%7e%2f")]
    [InlineData("https://b\u00fccher.example/a b")]
    public void Normalize_is_idempotent(string url)
    {
        string? once = UrlNormalizer.Normalize(url);
        Assert.NotNull(once);
        Assert.Equal(once, UrlNormalizer.Normalize(once));
    }
}
