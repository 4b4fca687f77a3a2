using System.Text;
using System.Text.Json;
using Aio.Crawler.Tests.Site;

namespace Aio.Crawler.Tests.Crawling;

/// <summary>status and export read what a crawl stored.</summary>
public sealed class ExportTests
{
    private const string Site = "n20-k3-l0";

    [Fact]
    public async Task Export_writes_every_page_as_jsonl_urls_and_warc_request_response_pairs()
    {
        await using var site = await TestSite.StartAsync();
        using var dir = new TempDir();
        string store = dir.File("crawl.db");
        var crawl = await CrawlerCli.RunAsync("crawl", site.Url($"/s/{Site}/index.html"), "--store", store, "-q");
        Assert.True(crawl.ExitCode == 0, crawl.Error);
        int pages = TestSite.SyntheticPaths(Site).Count;

        var jsonl = await CrawlerCli.RunAsync("export", "--store", store, "--format", "jsonl");
        var urls = await CrawlerCli.RunAsync("export", "--store", store, "--format", "urls");
        var warc = await CrawlerCli.RunAsync("export", "--store", store, "--format", "warc", "-o", dir.File("crawl.warc"));
        var status = await CrawlerCli.RunAsync("status", "--store", store);

        var records = jsonl.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement).ToList();
        Assert.Equal(pages, records.Count(r => r.GetProperty("status").GetInt32() == 200 && r.GetProperty("reason").GetString() == "ok"));
        Assert.Equal(pages, urls.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal(0, warc.ExitCode);
        string text = Encoding.UTF8.GetString(await File.ReadAllBytesAsync(dir.File("crawl.warc")));
        Assert.StartsWith("WARC/1.1\r\nWARC-Type: warcinfo", text);
        Assert.Equal(pages, CountOf(text, "WARC-Type: request\r\n"));
        Assert.Equal(pages, CountOf(text, "WARC-Type: response\r\n"));
        Assert.Contains("Content-Type: application/http;msgtype=response", text);
        Assert.Equal(0, status.ExitCode);
        Assert.Contains("complete", status.Output);
    }

    [Fact]
    public async Task Every_warc_record_is_framed_by_its_content_length_and_bodies_match_the_http_length()
    {
        await using var site = await TestSite.StartAsync();
        using var dir = new TempDir();
        string store = dir.File("crawl.db");
        var crawl = await CrawlerCli.RunAsync("crawl", site.Url($"/s/{Site}/index.html"), "--store", store, "-q");
        Assert.True(crawl.ExitCode == 0, crawl.Error);
        var warc = await CrawlerCli.RunAsync("export", "--store", store, "--format", "warc", "-o", dir.File("crawl.warc"));
        Assert.Equal(0, warc.ExitCode);

        byte[] bytes = await File.ReadAllBytesAsync(dir.File("crawl.warc"));
        int at = 0, records = 0;
        while (at < bytes.Length)
        {
            int headerEnd = IndexOf(bytes, "\r\n\r\n"u8, at);
            string header = Encoding.UTF8.GetString(bytes, at, headerEnd - at);
            Assert.StartsWith("WARC/1.1\r\n", header);
            int length = int.Parse(header.Split("\r\n").Single(line => line.StartsWith("Content-Length: ")).Split(' ')[1]);
            int blockStart = headerEnd + 4;
            Assert.Equal("\r\n\r\n", Encoding.ASCII.GetString(bytes, blockStart + length, 4));
            if (header.Contains("msgtype=response"))
            {
                int httpEnd = IndexOf(bytes, "\r\n\r\n"u8, blockStart);
                string http = Encoding.UTF8.GetString(bytes, blockStart, httpEnd - blockStart);
                int bodyLength = int.Parse(http.Split("\r\n").Single(line => line.StartsWith("Content-Length: ")).Split(' ')[1]);
                Assert.Equal(blockStart + length, httpEnd + 4 + bodyLength);
            }

            records++;
            at = blockStart + length + 4;
        }

        Assert.Equal(1 + (2 * TestSite.SyntheticPaths(Site).Count), records);
    }

    private static int IndexOf(byte[] bytes, ReadOnlySpan<byte> value, int from) =>
        from + bytes.AsSpan(from).IndexOf(value);

    private static int CountOf(string text, string value)
    {
        int count = 0;
        for (int at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
