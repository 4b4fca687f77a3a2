using Aio.Crawler.Tests.Site;

namespace Aio.Crawler.Tests.Crawling;

/// <summary>Durability: a stopped or killed crawl, run again on its store, finishes the work and fetches no stored page again.</summary>
public sealed class ResumeTests
{
    private const string Site = "n200-k10-l10";

    [Fact]
    public async Task A_crawl_stopped_by_max_pages_resumes_and_fetches_every_page_exactly_once()
    {
        await using var site = await TestSite.StartAsync();
        using var dir = new TempDir();
        string store = dir.File("crawl.db");
        string seed = site.Url($"/s/{Site}/index.html");

        var first = await CrawlerCli.RunAsync("crawl", seed, "--store", store, "--max-pages", "60", "-q");
        Assert.True(first.ExitCode == 0, first.Error);
        long afterFirst = site.SyntheticRequests;
        var second = await CrawlerCli.RunAsync("crawl", seed, "--store", store, "--urls-out", dir.File("urls.txt"), "-q");
        Assert.True(second.ExitCode == 0, second.Error);

        Assert.InRange(afterFirst, 60, 60);
        foreach (string path in TestSite.SyntheticPaths(Site))
        {
            Assert.Equal(1, site.Requests(path));
        }
    }

    [Fact]
    public async Task A_crawl_killed_mid_way_resumes_without_losing_a_page_and_refetches_at_most_what_was_in_flight()
    {
        await using var site = await TestSite.StartAsync();
        using var dir = new TempDir();
        string store = dir.File("crawl.db");
        string first = dir.File("urls1.txt");
        string seed = site.Url($"/s/{Site}/index.html");
        const int concurrency = 8;

        using (var crawl = CrawlerCli.Start("crawl", seed, "--store", store, "--urls-out", first, "-c", $"{concurrency}", "-q"))
        {
            for (int i = 0; i < 600 && CrawlerCli.Lines(first).Length < 60 && !crawl.HasExited; i++)
            {
                await Task.Delay(50);
            }

            crawl.Kill();
            await crawl.WaitForExitAsync();
        }

        int before = CrawlerCli.Lines(first).Length;
        Assert.InRange(before, 60, TestSite.SyntheticPaths(Site).Count - 1);
        var second = await CrawlerCli.RunAsync("crawl", seed, "--store", store, "--urls-out", dir.File("urls2.txt"), "-c", $"{concurrency}", "-q");
        Assert.True(second.ExitCode == 0, second.Error);

        var all = CrawlerCli.Lines(first).Concat(CrawlerCli.Lines(dir.File("urls2.txt")))
            .Select(url => new Uri(url).AbsolutePath).ToList();
        Assert.Empty(TestSite.SyntheticPaths(Site).Except(all));
        // Listed by both runs: only a batch appended to --urls-out whose commit the kill interrupted.
        var listedTwice = CrawlerCli.Lines(first).Intersect(CrawlerCli.Lines(dir.File("urls2.txt"))).Count();
        Assert.True(listedTwice <= concurrency, $"{listedTwice} pages listed by both runs");
        // Requested twice: those, plus the requests in flight at the kill.
        int twice = TestSite.SyntheticPaths(Site).Count(path => site.Requests(path) > 1);
        Assert.True(twice <= 2 * concurrency, $"{twice} pages requested twice");
        Assert.DoesNotContain(TestSite.SyntheticPaths(Site), path => site.Requests(path) > 2);
    }
}
