using Aio.Crawler.Storage;
using Aio.Crawler.Tests.Site;
using Aio.Crawler.Tests.Storage;

namespace Aio.Crawler.Tests.Crawling;

/// <summary>Several aio-crawl processes on one PostgreSQL store share the frontier.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresWorkersTests(PostgresServer server)
{
    private const string Site = "n300-k10-l5";

    [Fact]
    public async Task Three_workers_fetch_every_page_exactly_once()
    {
        await using var site = await TestSite.StartAsync();
        string store = await server.CreateDatabaseAsync();
        string seed = site.Url($"/s/{Site}/index.html");

        var workers = Enumerable.Range(0, 3).Select(_ => CrawlerCli.Start("crawl", seed, "--store", store, "-c", "8", "-q")).ToList();
        foreach (var worker in workers)
        {
            await worker.AssertSucceedsAsync(TimeSpan.FromMinutes(2));
            worker.Dispose();
        }

        foreach (string path in TestSite.SyntheticPaths(Site))
        {
            Assert.Equal(1, site.Requests(path));
        }

        await using var opened = new PostgresStore(store);
        await opened.OpenAsync(CancellationToken.None);
        var status = await opened.GetStatusAsync(CancellationToken.None);
        Assert.True(status.IsComplete);
        Assert.Equal(TestSite.SyntheticPaths(Site).Count, status.HtmlPages);
    }

    [Fact]
    public async Task A_killed_worker_has_its_leases_taken_over_and_no_page_is_lost()
    {
        await using var site = await TestSite.StartAsync();
        string store = await server.CreateDatabaseAsync();
        string seed = site.Url($"/s/{Site}/index.html");
        using var dir = new TempDir();
        string victimUrls = dir.File("victim.txt");

        using var victim = CrawlerCli.Start("crawl", seed, "--store", store, "-c", "8", "--lease", "2", "--urls-out", victimUrls, "-q");
        for (int i = 0; i < 600 && CrawlerCli.Lines(victimUrls).Length < 30 && !victim.HasExited; i++)
        {
            await Task.Delay(50);
        }

        victim.Kill();
        await victim.WaitForExitAsync();
        var survivors = Enumerable.Range(0, 2).Select(_ => CrawlerCli.Start("crawl", seed, "--store", store, "-c", "8", "--lease", "2", "-q")).ToList();
        foreach (var worker in survivors)
        {
            await worker.AssertSucceedsAsync(TimeSpan.FromMinutes(2));
            worker.Dispose();
        }

        await using var opened = new PostgresStore(store);
        await opened.OpenAsync(CancellationToken.None);
        var status = await opened.GetStatusAsync(CancellationToken.None);
        Assert.True(status.IsComplete);
        Assert.Equal(0, status.Leased);
        Assert.Equal(TestSite.SyntheticPaths(Site).Count, status.HtmlPages);
        Assert.DoesNotContain(TestSite.SyntheticPaths(Site), path => site.Requests(path) == 0);
    }
}
