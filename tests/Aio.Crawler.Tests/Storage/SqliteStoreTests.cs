using Aio.Crawler.Storage;

namespace Aio.Crawler.Tests.Storage;

/// <summary>The store contract on the embedded SQLite store, and its single-owner rule.</summary>
public sealed class SqliteStoreTests : StoreContractTests, IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "aio-store-" + Guid.NewGuid().ToString("N"));

    public SqliteStoreTests() => Directory.CreateDirectory(_dir);

    protected override async Task<ICrawlStore> CreateStoreAsync()
    {
        var store = new SqliteStore(Path.Combine(_dir, Guid.NewGuid().ToString("N") + ".db"));
        await store.OpenAsync(CancellationToken.None);
        return store;
    }

    [Fact]
    public async Task Opening_returns_the_leases_of_the_process_that_held_the_store_before()
    {
        string path = Path.Combine(_dir, "owned.db");
        var first = new SqliteStore(path);
        await first.OpenAsync(CancellationToken.None);
        await first.AddAsync([new FrontierEntry("http://example.test/a", 0)], CancellationToken.None);
        var leased = await first.LeaseAsync("dead", 10, TimeSpan.FromHours(1), CancellationToken.None);
        Assert.Single(leased);
        await first.DisposeAsync();

        await using var second = new SqliteStore(path);
        await second.OpenAsync(CancellationToken.None);
        var again = await second.LeaseAsync("alive", 10, TimeSpan.FromHours(1), CancellationToken.None);

        Assert.Equal(leased[0].Id, Assert.Single(again).Id);
    }

    [Fact]
    public async Task A_second_owner_is_refused_while_the_first_holds_the_store()
    {
        string path = Path.Combine(_dir, "busy.db");
        await using var first = new SqliteStore(path);
        await first.OpenAsync(CancellationToken.None);

        await using var second = new SqliteStore(path);
        var error = await Assert.ThrowsAsync<StoreUnavailableException>(() => second.OpenAsync(CancellationToken.None));
        Assert.Contains("in use", error.Message);
    }

    [Fact]
    public async Task A_reader_sees_progress_while_the_owner_crawls()
    {
        string path = Path.Combine(_dir, "shared.db");
        await using var owner = new SqliteStore(path);
        await owner.OpenAsync(CancellationToken.None);
        await owner.AddAsync([new FrontierEntry("http://example.test/a", 0)], CancellationToken.None);

        await using var reader = new SqliteStore(path, readOnly: true);
        await reader.OpenAsync(CancellationToken.None);

        Assert.Equal(1, (await reader.GetStatusAsync(CancellationToken.None)).Queued);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
