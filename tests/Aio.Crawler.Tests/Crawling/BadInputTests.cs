using System.Net;
using System.Net.Sockets;

namespace Aio.Crawler.Tests.Crawling;

/// <summary>Bad input ends with a clear message and a non-zero exit code, and writes nothing half-done.</summary>
public sealed class BadInputTests
{
    [Fact]
    public async Task A_malformed_url_is_named_and_nothing_is_written()
    {
        using var dir = new TempDir();
        var (code, _, error) = await CrawlerCli.RunAsync("crawl", "htp:/not a url", "--store", dir.File("crawl.db"));

        Assert.Equal(2, code);
        Assert.Contains("htp:/not a url", error);
        Assert.False(File.Exists(dir.File("crawl.db")));
    }

    [Fact]
    public async Task An_unreachable_seed_is_named_with_its_reason()
    {
        using var dir = new TempDir();
        string seed = $"http://127.0.0.1:{ClosedPort()}/";
        var (code, _, error) = await CrawlerCli.RunAsync("crawl", seed, "--store", dir.File("crawl.db"), "--retries", "0", "-q");

        Assert.Equal(4, code);
        Assert.Contains(seed, error);
        Assert.Contains("connection-error (robots.txt: Connection refused)", error);
    }

    [Fact]
    public async Task A_store_that_cannot_be_opened_is_named()
    {
        var (code, _, error) = await CrawlerCli.RunAsync("crawl", "http://127.0.0.1:1/", "--store", "/nonexistent-dir/x/crawl.db", "-q");

        Assert.Equal(3, code);
        Assert.Contains("/nonexistent-dir/x/crawl.db", error);
    }

    [Fact]
    public async Task A_postgresql_server_that_is_down_is_named_without_its_password()
    {
        int port = ClosedPort();
        var (code, _, error) = await CrawlerCli.RunAsync(
            "crawl", "http://127.0.0.1:1/", "--store", $"postgresql://crawler:hunter2@127.0.0.1:{port}/crawl", "-q");

        Assert.Equal(3, code);
        Assert.Contains($"127.0.0.1:{port}", error);
        Assert.DoesNotContain("hunter2", error);
    }

    [Fact]
    public async Task A_store_used_by_another_crawl_is_refused()
    {
        using var dir = new TempDir();
        string store = dir.File("crawl.db");
        using var held = new FileStream(store + "-lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);

        var (code, _, error) = await CrawlerCli.RunAsync("crawl", "http://127.0.0.1:1/", "--store", store, "-q");

        Assert.Equal(3, code);
        Assert.Contains("in use", error);
    }

    [Fact]
    public async Task Status_of_a_missing_store_says_so()
    {
        var (code, _, error) = await CrawlerCli.RunAsync("status", "--store", "/nonexistent-dir/crawl.db");

        Assert.Equal(3, code);
        Assert.Contains("no store at /nonexistent-dir/crawl.db", error);
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
