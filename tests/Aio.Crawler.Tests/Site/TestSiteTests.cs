using System.Net;
using System.Text.Json;

namespace Aio.Crawler.Tests.Site;

/// <summary>The synthetic sites, the counters, the control URLs and robots.txt of <see cref="TestSite"/>.</summary>
public class TestSiteTests
{
    [Fact]
    public async Task Binds_loopback_on_a_port_the_os_picks()
    {
        await using var site = await TestSite.StartAsync();
        Assert.Equal("127.0.0.1", site.BaseUri.Host);
        Assert.NotEqual(0, site.BaseUri.Port);
        Assert.Equal("/", site.BaseUri.AbsolutePath);
    }

    [Fact]
    public async Task Synthetic_index_links_the_first_k_pages()
    {
        await using var site = await TestSite.StartAsync();
        using var client = SiteClient.Create();
        var html = await client.GetHtmlAsync(site, "/s/n20-k5-l0/index.html");
        Assert.Equal(["p/0.html", "p/1.html", "p/2.html", "p/3.html", "p/4.html"], SiteClient.Hrefs(html));
    }

    [Fact]
    public async Task Synthetic_page_links_the_next_page_first_in_three_forms_then_home_and_off_host()
    {
        await using var site = await TestSite.StartAsync();
        using var client = SiteClient.Create();
        var html = await client.GetHtmlAsync(site, "/s/n20-k5-l0/p/3.html");
        var hrefs = SiteClient.Hrefs(html);

        Assert.Equal(7, hrefs.Count);
        Assert.Equal("4.html", hrefs[0]);
        Assert.Matches(@"^/s/n20-k5-l0/p/\d+\.html$", hrefs[1]);
        Assert.Matches(@"^\d+\.html#sec2$", hrefs[2]);
        Assert.Matches(@"^\d+\.html$", hrefs[3]);
        Assert.Equal("../index.html", hrefs[5]);
        Assert.Equal($"http://127.0.0.2:{site.BaseUri.Port}/offsite.html", hrefs[6]);
        Assert.True(html.Length > 3000, "a page carries about 3000 bytes of filler");
    }

    [Fact]
    public async Task Every_synthetic_page_is_reachable_from_the_index()
    {
        const string Name = "n40-k3-l0";
        await using var site = await TestSite.StartAsync();
        using var client = SiteClient.Create();
        var seen = new HashSet<string> { $"/s/{Name}/index.html" };
        var queue = new Queue<string>(seen);
        while (queue.TryDequeue(out var path))
        {
            foreach (var href in SiteClient.Hrefs(await client.GetHtmlAsync(site, path)))
            {
                var target = new Uri(new Uri(site.BaseUri, path), href);
                if (target.Authority == site.BaseUri.Authority && seen.Add(target.AbsolutePath))
                {
                    queue.Enqueue(target.AbsolutePath);
                }
            }
        }
        Assert.Equal(TestSite.SyntheticPaths(Name).Order(), seen.Order());
    }

    [Fact]
    public void Synthetic_paths_are_the_index_and_every_page()
    {
        Assert.Equal(["/s/n3-k2-l0-b10/index.html", "/s/n3-k2-l0-b10/p/0.html", "/s/n3-k2-l0-b10/p/1.html", "/s/n3-k2-l0-b10/p/2.html"],
            TestSite.SyntheticPaths("n3-k2-l0-b10"));
        Assert.Throws<ArgumentException>(() => TestSite.SyntheticPaths("not-a-site"));
    }

    [Fact]
    public async Task Synthetic_pages_answer_despite_latency_from_options_or_site_name()
    {
        await using var site = await TestSite.StartAsync(new TestSiteOptions { Latency = TimeSpan.FromMilliseconds(30) });
        using var client = SiteClient.Create();
        Assert.Contains("30 ms latency", await client.GetHtmlAsync(site, "/s/n5-k2-l0/index.html"));
        Assert.Contains("10 ms latency", await client.GetHtmlAsync(site, "/s/n5-k2-l10/index.html"));
        Assert.Contains("Page 4 of 5", await client.GetHtmlAsync(site, "/s/n5-k2-l10/p/4.html"));
    }

    [Theory]
    [InlineData("/s/n5-k2-l0/p/5.html")]
    [InlineData("/s/n5-k2/index.html")]
    [InlineData("/s/n0-k2-l0/index.html")]
    public async Task Pages_outside_a_synthetic_site_are_not_found(string path)
    {
        await using var site = await TestSite.StartAsync();
        using var client = SiteClient.Create();
        using var response = await client.GetAsync(site.Url(path));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Counters_count_requests_per_decoded_path_and_reset_forgets_them()
    {
        await using var site = await TestSite.StartAsync();
        using var client = SiteClient.Create();
        await client.GetHtmlAsync(site, "/traps/index.html");
        await client.GetHtmlAsync(site, "/traps/index.html");
        await client.GetHtmlAsync(site, "/traps/calendar/0.html");
        await client.GetHtmlAsync(site, "/traps/calendar/1.html");
        await client.GetHtmlAsync(site, "/s/n5-k2-l0/p/1.html");
        await client.GetStringAsync(site.Url("/__stats"));

        Assert.Equal(2, site.Requests("/traps/index.html"));
        Assert.Equal(1, site.Requests("/traps/calendar/1.html"));
        Assert.Equal(2, site.CalendarRequests);
        Assert.Equal(1, site.SyntheticRequests);
        Assert.Equal(2, site.RequestCounts["/traps/index.html"]);
        Assert.DoesNotContain("/__stats", site.RequestCounts.Keys);

        site.Reset();
        Assert.Equal(0, site.Requests("/traps/index.html"));
        Assert.Equal(0, site.CalendarRequests);
        Assert.Empty(site.RequestCounts);
    }

    [Fact]
    public async Task Stats_url_reports_counts_as_the_benchmark_server_does_and_reset_url_clears_them()
    {
        await using var site = await TestSite.StartAsync();
        using var client = SiteClient.Create();
        await client.GetHtmlAsync(site, "/traps/index.html");
        await client.GetHtmlAsync(site, "/traps/calendar/7.html");
        await client.GetHtmlAsync(site, "/s/n5-k2-l0/index.html");

        var stats = JsonSerializer.Deserialize<Dictionary<string, long>>(await client.GetStringAsync(site.Url("/__stats")))!;
        Assert.Equal(1, stats["/traps/index.html"]);
        Assert.Equal(1, stats["/traps/calendar/*"]);
        Assert.Equal(1, stats["site_requests"]);
        Assert.Equal(0, stats["huge_bytes_sent"]);
        Assert.DoesNotContain("/traps/calendar/7.html", stats.Keys);

        Assert.Equal("ok\n", await client.GetStringAsync(site.Url("/__reset")));
        Assert.Equal(0, site.Requests("/traps/index.html"));
    }

    [Fact]
    public async Task Robots_txt_disallows_the_private_traps_unless_told_otherwise()
    {
        using var client = SiteClient.Create();
        await using (var site = await TestSite.StartAsync())
        {
            Assert.Equal("User-agent: *\nDisallow: /traps/private/\n", await client.GetStringAsync(site.Url("/robots.txt")));
        }
        await using (var site = await TestSite.StartAsync(new TestSiteOptions { RobotsTxt = "User-agent: *\nDisallow: /\n" }))
        {
            Assert.Equal("User-agent: *\nDisallow: /\n", await client.GetStringAsync(site.Url("/robots.txt")));
        }
    }
}
