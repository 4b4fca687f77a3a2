using Aio.Crawler.Robots;

namespace Aio.Crawler.Tests.Robots;

public class RobotsRulesMatchingTests
{
    private const string Agent = "aio-crawl/0.1 (+https://example.com/bot)";

    private static RobotsRules Rules(params string[] lines) =>
        RobotsRules.Parse("User-agent: *\n" + string.Join("\n", lines), Agent);

    [Fact]
    public void IsAllowed_lets_the_longest_matching_rule_win()
    {
        RobotsRules rules = Rules("Disallow: /docs/", "Allow: /docs/public/");
        Assert.False(rules.IsAllowed("http://example.com/docs/secret.html"));
        Assert.True(rules.IsAllowed("http://example.com/docs/public/a.html"));
        Assert.True(rules.IsAllowed("http://example.com/other.html"));
    }

    [Fact]
    public void IsAllowed_lets_the_longest_rule_win_whatever_the_order_of_lines()
    {
        RobotsRules rules = Rules("Allow: /docs/public/", "Disallow: /docs/public/old/", "Disallow: /docs/");
        Assert.False(rules.IsAllowed("/docs/public/old/x"));
        Assert.True(rules.IsAllowed("/docs/public/new/x"));
    }

    [Fact]
    public void IsAllowed_lets_allow_win_a_tie() =>
        Assert.True(Rules("Disallow: /page", "Allow: /page").IsAllowed("http://example.com/page"));

    [Fact]
    public void IsAllowed_matches_a_wildcard_against_any_sequence()
    {
        RobotsRules rules = Rules("Disallow: /*/private/*.html");
        Assert.False(rules.IsAllowed("/a/private/x.html"));
        Assert.False(rules.IsAllowed("/a/b/private/c/x.html?q=1"));
        Assert.True(rules.IsAllowed("/private/x.html"));
        Assert.True(rules.IsAllowed("/a/private/x.txt"));
    }

    [Fact]
    public void IsAllowed_anchors_a_trailing_dollar_to_the_end_of_the_url()
    {
        RobotsRules rules = Rules("Disallow: /*.php$", "Disallow: /exact$");
        Assert.False(rules.IsAllowed("/index.php"));
        Assert.True(rules.IsAllowed("/index.php?x=1"));
        Assert.True(rules.IsAllowed("/index.php5"));
        Assert.False(rules.IsAllowed("/exact"));
        Assert.True(rules.IsAllowed("/exact/more"));
    }

    [Fact]
    public void IsAllowed_compares_the_query_too() =>
        Assert.False(Rules("Disallow: /search?q=").IsAllowed("http://example.com/search?q=cats"));

    [Theory]
    [InlineData("Disallow: /café", "http://example.com/caf%C3%A9/menu")]
    [InlineData("Disallow: /caf%c3%a9", "http://example.com/caf%C3%A9")]
    [InlineData("Disallow: /caf%C3%A9", "/café")]
    [InlineData("Disallow: /%7Euser", "http://example.com/~user/")]
    public void IsAllowed_compares_rules_and_urls_in_the_same_percent_encoding(string rule, string url) =>
        Assert.False(Rules(rule).IsAllowed(url));

    [Fact]
    public void IsAllowed_keeps_an_encoded_slash_distinct_from_a_slash() =>
        Assert.True(Rules("Disallow: /a%2Fb").IsAllowed("/a/b"));

    [Fact]
    public void IsAllowed_always_allows_robots_txt_itself()
    {
        Assert.True(Rules("Disallow: /").IsAllowed("http://example.com/robots.txt"));
        Assert.True(RobotsRules.DisallowAll.IsAllowed("/robots.txt"));
    }

    [Fact]
    public void IsAllowed_treats_an_empty_disallow_as_allow_all() =>
        Assert.True(Rules("Disallow:").IsAllowed("http://example.com/anything"));

    [Fact]
    public void IsAllowed_treats_a_host_without_path_as_the_root()
    {
        RobotsRules rules = Rules("Disallow: /$");
        Assert.False(rules.IsAllowed("http://example.com"));
        Assert.True(rules.IsAllowed("http://example.com/a"));
    }

    [Fact]
    public void AllowAll_and_DisallowAll_say_what_their_names_say()
    {
        Assert.True(RobotsRules.AllowAll.IsAllowed("http://example.com/x"));
        Assert.False(RobotsRules.DisallowAll.IsAllowed("http://example.com/x"));
        Assert.False(RobotsRules.DisallowAll.IsAllowed("http://example.com/"));
    }
}
