using Aio.Crawler.Storage;
using Aio.Crawler.Tests.Site;

namespace Aio.Crawler.Tests.Crawling;

/// <summary>A crawl of the trap site, asserted page by page: what must be found, what must not be fetched, and why each trap ended.</summary>
public sealed class TrapCrawlTests
{
    private static readonly string[] GoodPages =
    [
        "index", "landing", "flaky", "flaky-child", "malformed", "mal-1", "mal-2", "mal-3", "mal-4", "mal-5",
        "enc-latin1", "enc-latin1-child", "enc-meta-sjis", "enc-sjis-child", "enc-utf16", "enc-utf16-child",
        "enc-wrong", "enc-wrong-child", "iri", "café",
    ];

    [Fact]
    public async Task Crawl_of_the_traps_finds_every_good_page_and_ends_each_trap_within_the_limits()
    {
        await using var site = await TestSite.StartAsync(new TestSiteOptions
        {
            DripSeconds = 60,
            EndlessSeconds = 60,
            EndlessBytesPerSecond = 20L * 1024 * 1024,
        });
        using var dir = new TempDir();
        string urls = dir.File("urls.txt");
        string store = dir.File("crawl.db");

        var (code, _, error) = await CrawlerCli.RunAsync(
            "crawl", site.Url("/traps/index.html"), "--max-depth", "30", "--store", store, "--urls-out", urls,
            "--timeout", "3", "--idle-timeout", "2", "--max-bytes", "4000000", "--concurrency", "16", "-q");

        Assert.True(code == 0, error);
        var found = CrawlerCli.Lines(urls).Select(url => Uri.UnescapeDataString(new Uri(url).AbsolutePath)).ToHashSet();
        var expected = GoodPages.Select(page => $"/traps/{page}.html")
            .Concat(Enumerable.Range(0, 30).Select(n => $"/traps/calendar/{n}.html"));
        Assert.Empty(expected.Except(found));
        Assert.Equal(0, site.Requests("/traps/private/secret.html"));
        Assert.Equal(0, site.Requests("/traps/script-fake.html"));
        Assert.Equal(0, site.Requests("/traps/comment-fake.html"));
        Assert.InRange(site.Requests("/traps/redirect-loop/a.html") + site.Requests("/traps/redirect-loop/b.html"), 2, 3);
        Assert.Equal(3, site.Requests("/traps/flaky.html"));
        Assert.Equal(30, site.CalendarRequests);
        Assert.True(site.HugeBytesSent < 50L * 1024 * 1024, $"huge.bin sent {site.HugeBytesSent} bytes");

        var reasons = await ReasonsAsync(store);
        Assert.Equal(FetchReasons.Robots, reasons[site.Url("/traps/private/secret.html")]);
        Assert.Equal(FetchReasons.Redirect, reasons[site.Url("/traps/redirect-ok.html")]);
        Assert.Contains(reasons[site.Url("/traps/slow-drip.html")], new[] { FetchReasons.Timeout, FetchReasons.IdleTimeout });
        Assert.Contains(reasons[site.Url("/traps/endless.html")], new[] { FetchReasons.TooLarge, FetchReasons.Timeout });
        Assert.Equal(FetchReasons.SkippedContentType, reasons[site.Url("/traps/huge.bin")]);
        Assert.Equal(FetchReasons.HttpError, reasons[site.Url("/traps/missing.html")]);
        Assert.Equal(FetchReasons.Ok, reasons[site.Url("/traps/flaky.html")]);
    }

    internal static async Task<Dictionary<string, string>> ReasonsAsync(string storePath)
    {
        await using var store = new SqliteStore(storePath, readOnly: true);
        await store.OpenAsync(CancellationToken.None);
        var reasons = new Dictionary<string, string>();
        await foreach (var page in store.ReadPagesAsync(CancellationToken.None))
        {
            reasons[page.Url] = page.Reason;
        }

        return reasons;
    }
}
