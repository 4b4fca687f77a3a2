using Aio.Crawler.Robots;

namespace Aio.Crawler.Tests.Robots;

public class RobotsRulesParsingTests
{
    private const string Agent = "aio-crawl/0.1";

    [Fact]
    public void Parse_picks_the_group_naming_the_crawler_over_the_wildcard_group()
    {
        const string text = "User-agent: *\nDisallow: /\n\nUser-agent: aio-crawl\nDisallow: /private/\n";
        RobotsRules rules = RobotsRules.Parse(text, Agent);
        Assert.True(rules.IsAllowed("/public.html"));
        Assert.False(rules.IsAllowed("/private/x"));
    }

    [Fact]
    public void Parse_falls_back_to_the_wildcard_group()
    {
        const string text = "User-agent: otherbot\nDisallow: /\n\nUser-agent: *\nDisallow: /tmp/\n";
        RobotsRules rules = RobotsRules.Parse(text, Agent);
        Assert.True(rules.IsAllowed("/a"));
        Assert.False(rules.IsAllowed("/tmp/a"));
    }

    [Theory]
    [InlineData("User-agent: AIO-Crawl")]
    [InlineData("User-agent: aio-crawl/2.0")]
    [InlineData("User-agent: aio")]
    [InlineData("user-agent:aio-crawl")]
    public void Parse_matches_the_product_token_case_insensitively_or_by_prefix(string line) =>
        Assert.False(RobotsRules.Parse(line + "\nDisallow: /x\nUser-agent: *\nAllow: /", Agent).IsAllowed("/x"));

    [Fact]
    public void Parse_does_not_match_a_group_for_a_longer_name() =>
        Assert.True(RobotsRules.Parse("User-agent: aio-crawler-pro\nDisallow: /\n", Agent).IsAllowed("/x"));

    [Fact]
    public void Parse_merges_every_group_that_matches()
    {
        const string text = "User-agent: aio-crawl\nDisallow: /a/\n\nUser-agent: *\nDisallow: /b/\n\nUser-agent: aio-crawl\nDisallow: /c/\n";
        RobotsRules rules = RobotsRules.Parse(text, Agent);
        Assert.False(rules.IsAllowed("/a/1"));
        Assert.True(rules.IsAllowed("/b/1"));
        Assert.False(rules.IsAllowed("/c/1"));
    }

    [Fact]
    public void Parse_lets_several_user_agent_lines_share_one_group()
    {
        const string text = "User-agent: otherbot\nUser-agent: aio-crawl\nDisallow: /shared/\n";
        Assert.False(RobotsRules.Parse(text, Agent).IsAllowed("/shared/x"));
    }

    [Fact]
    public void Parse_uses_an_empty_matching_group_rather_than_the_wildcard_one()
    {
        const string text = "User-agent: *\nDisallow: /\n\nUser-agent: aio-crawl\n";
        Assert.True(RobotsRules.Parse(text, Agent).IsAllowed("/x"));
    }

    [Fact]
    public void Parse_keeps_user_agent_lines_separated_by_blank_lines_in_one_group()
    {
        const string text = "User-agent: aio-crawl\n\nUser-agent: *\nDisallow: /\n";
        Assert.False(RobotsRules.Parse(text, Agent).IsAllowed("/x"));
    }

    [Fact]
    public void Parse_ignores_rules_before_any_user_agent_line() =>
        Assert.True(RobotsRules.Parse("Disallow: /\nUser-agent: *\nDisallow: /tmp/\n", Agent).IsAllowed("/x"));

    [Fact]
    public void Parse_tolerates_a_bom_comments_junk_crlf_and_missing_spaces()
    {
        const string text = "\uFEFF# robots\r\nUser-agent:*   # everyone\r\nthis line is junk\r\n<html>\r\nSitemap: http://example.com/s.xml\rDisallow:/a\r\nDisallow /b\n";
        RobotsRules rules = RobotsRules.Parse(text, Agent);
        Assert.False(rules.IsAllowed("/a"));
        Assert.False(rules.IsAllowed("/b"));
        Assert.True(rules.IsAllowed("/c"));
    }

    [Fact]
    public void Parse_of_an_empty_file_allows_everything() =>
        Assert.True(RobotsRules.Parse("", Agent).IsAllowed("/x"));

    [Theory]
    [InlineData("Crawl-delay: 2", 2000)]
    [InlineData("crawl-delay: 0.5", 500)]
    [InlineData("Crawl-delay:1.25 # seconds", 1250)]
    public void Parse_reads_the_crawl_delay_in_decimal_seconds(string line, int milliseconds) =>
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), RobotsRules.Parse("User-agent: *\n" + line, Agent).CrawlDelay);

    [Theory]
    [InlineData("Crawl-delay: soon")]
    [InlineData("Crawl-delay: -1")]
    [InlineData("Disallow: /")]
    public void Parse_leaves_the_crawl_delay_unset_without_a_valid_value(string line) =>
        Assert.Null(RobotsRules.Parse("User-agent: *\n" + line, Agent).CrawlDelay);

    [Fact]
    public void Parse_takes_the_crawl_delay_of_the_chosen_group_only()
    {
        const string text = "User-agent: *\nCrawl-delay: 10\n\nUser-agent: aio-crawl\nCrawl-delay: 1\n";
        Assert.Equal(TimeSpan.FromSeconds(1), RobotsRules.Parse(text, Agent).CrawlDelay);
    }

    [Fact]
    public void ForResponse_parses_the_body_of_a_200() =>
        Assert.False(RobotsRules.ForResponse(200, "User-agent: *\nDisallow: /x", Agent).IsAllowed("/x"));

    [Theory]
    [InlineData(404)]
    [InlineData(403)]
    [InlineData(410)]
    [InlineData(301)]
    public void ForResponse_allows_all_for_a_missing_robots_txt(int status) =>
        Assert.Same(RobotsRules.AllowAll, RobotsRules.ForResponse(status, "ignored", Agent));

    [Theory]
    [InlineData(500)]
    [InlineData(503)]
    [InlineData(429)]
    [InlineData(null)]
    public void ForResponse_disallows_all_for_an_unreachable_robots_txt(int? status) =>
        Assert.Same(RobotsRules.DisallowAll, RobotsRules.ForResponse(status, null, Agent));
}
