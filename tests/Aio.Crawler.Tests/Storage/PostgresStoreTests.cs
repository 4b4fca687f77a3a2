using System.Net;
using System.Net.Sockets;
using Aio.Crawler.Storage;
using Npgsql;

namespace Aio.Crawler.Tests.Storage;

/// <summary>The store contract on PostgreSQL, and what only a shared server adds: connection errors, racing workers.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresStoreTests(PostgresServer server) : StoreContractTests
{
    protected override async Task<ICrawlStore> CreateStoreAsync()
    {
        var store = new PostgresStore(await server.CreateDatabaseAsync());
        await store.OpenAsync(CancellationToken.None);
        return store;
    }

    [Fact]
    public async Task A_server_that_is_not_there_is_reported_by_host_without_the_password()
    {
        int closedPort = ClosedPort();
        await using var store = new PostgresStore($"postgresql://crawler:s3cret%21pw@127.0.0.1:{closedPort}/crawl");

        var error = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.OpenAsync(CancellationToken.None));

        Assert.Contains($"127.0.0.1:{closedPort}", error.Message);
        Assert.DoesNotContain("s3cret", error.Message);
        Assert.Equal(store.Description, error.StoreDescription);
    }

    [Fact]
    public async Task A_completion_that_PostgreSQL_aborts_to_break_a_deadlock_is_run_again()
    {
        string uri = await server.CreateDatabaseAsync();
        await using var store = new PostgresStore(uri);
        await store.OpenAsync(CancellationToken.None);
        await store.AddAsync([new FrontierEntry("http://example.test/a", 0), new FrontierEntry("http://example.test/b", 0)], CancellationToken.None);
        var leases = await store.LeaseAsync("w", 2, TimeSpan.FromMinutes(5), CancellationToken.None);
        var a = leases.Single(l => l.Url.EndsWith("/a"));
        await using var other = new NpgsqlConnection(PostgresConnectionString.Parse(uri).ConnectionString);
        await other.OpenAsync();
        await using var otherTransaction = await other.BeginTransactionAsync();
        await Execute(other, "UPDATE urls SET attempts = 7 WHERE url = 'http://example.test/b'");

        // The completion locks a's row, then its link to b waits for the transaction that updated b's row...
        var completion = store.CompleteAsync("w", [Outcome(a, "a", links: [new FrontierEntry("http://example.test/b", 1)])], CancellationToken.None);
        await WaitForALockWaitAsync(uri);
        // ...which now waits for a's row: PostgreSQL aborts the completion, which waited first.
        await Execute(other, $"UPDATE urls SET attempts = 7 WHERE id = {a.Id}");
        await otherTransaction.CommitAsync();

        Assert.Equal(1, await completion);
        var status = await store.GetStatusAsync(CancellationToken.None);
        Assert.Equal(1, status.Finished);
    }

    private static async Task Execute(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task WaitForALockWaitAsync(string uri)
    {
        await using var watcher = new NpgsqlConnection(PostgresConnectionString.Parse(uri).ConnectionString);
        await watcher.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_locks WHERE NOT granted", watcher);
        for (int attempt = 0; attempt < 600; attempt++)
        {
            if ((long)(await command.ExecuteScalarAsync())! > 0)
                return;
            await Task.Delay(50);
        }
        throw new Xunit.Sdk.XunitException("the completion never waited for a lock");
    }

    [Fact]
    public async Task Workers_opening_a_fresh_database_at_once_all_succeed()
    {
        string uri = await server.CreateDatabaseAsync();
        var stores = Enumerable.Range(0, 4).Select(_ => new PostgresStore(uri)).ToList();
        try
        {
            await Task.WhenAll(stores.Select(s => Task.Run(() => s.OpenAsync(CancellationToken.None))));

            Assert.Equal(1, await stores[0].AddAsync([new FrontierEntry("http://example.test/", 0)], CancellationToken.None));
            Assert.Equal(1, (await stores[3].GetStatusAsync(CancellationToken.None)).Queued);
        }
        finally
        {
            foreach (var store in stores)
                await store.DisposeAsync();
        }
    }

    [Fact]
    public async Task Opening_again_keeps_what_the_store_holds()
    {
        string uri = await server.CreateDatabaseAsync();
        await using (var first = new PostgresStore(uri))
        {
            await first.OpenAsync(CancellationToken.None);
            await first.AddAsync([new FrontierEntry("http://example.test/", 0)], CancellationToken.None);
        }

        await using var second = new PostgresStore(uri);
        await second.OpenAsync(CancellationToken.None);

        Assert.Equal(1, (await second.GetStatusAsync(CancellationToken.None)).Queued);
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
