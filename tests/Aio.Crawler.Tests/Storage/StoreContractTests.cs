using System.Text;
using Aio.Crawler.Storage;

namespace Aio.Crawler.Tests.Storage;

/// <summary>
/// What every <see cref="ICrawlStore"/> promises, tested through the interface alone: a subclass supplies a fresh,
/// opened, empty store.
/// </summary>
public abstract class StoreContractTests
{
    private static readonly TimeSpan LongLease = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan ShortLease = TimeSpan.FromMilliseconds(200);

    /// <summary>A new, opened store with nothing in it.</summary>
    protected abstract Task<ICrawlStore> CreateStoreAsync();

    private static CancellationToken None => CancellationToken.None;

    private static FrontierEntry Entry(int n, string? skipReason = null) =>
        new($"http://example.test/{n}", Depth: n % 3, RedirectHops: n % 2, SkipReason: skipReason);

    private static FrontierEntry[] Entries(int count) => [.. Enumerable.Range(0, count).Select(n => Entry(n))];

    [Fact]
    public async Task Add_counts_new_urls_and_leaves_known_ones_alone()
    {
        await using var store = await CreateStoreAsync();

        Assert.Equal(2, await store.AddAsync([Entry(1), Entry(2)], None));
        Assert.Equal(1, await store.AddAsync([Entry(2), Entry(3), Entry(3)], None));
        Assert.Equal(0, await store.AddAsync([], None));

        var status = await store.GetStatusAsync(None);
        Assert.Equal(3, status.Queued);
        Assert.Equal(3, status.Total);
    }

    [Fact]
    public async Task Count_of_queued_urls_follows_adds_and_leases()
    {
        await using var store = await CreateStoreAsync();
        await store.AddAsync(Entries(5), None);
        await store.AddAsync([Entry(99, skipReason: "robots")], None);
        Assert.Equal(5, await store.CountQueuedAsync(None));

        await store.LeaseAsync("w", 2, LongLease, None);

        Assert.Equal(3, await store.CountQueuedAsync(None));
        Assert.Equal((await store.GetStatusAsync(None)).Queued, await store.CountQueuedAsync(None));
    }

    [Fact]
    public async Task Skipped_entries_are_never_leased_and_are_counted_in_status()
    {
        await using var store = await CreateStoreAsync();
        await store.AddAsync([Entry(1, FetchReasons.Robots), Entry(2), Entry(3, FetchReasons.MaxDepth)], None);

        var leases = await store.LeaseAsync("w1", 10, LongLease, None);

        Assert.Equal([Entry(2).Url], leases.Select(l => l.Url));
        var status = await store.GetStatusAsync(None);
        Assert.Equal(2, status.Skipped);
        Assert.Equal(1, status.ByReason[FetchReasons.Robots]);
        Assert.Equal(1, status.ByReason[FetchReasons.MaxDepth]);
    }

    [Fact]
    public async Task Lease_gives_the_oldest_urls_up_to_max_and_marks_them_leased()
    {
        await using var store = await CreateStoreAsync();
        await store.AddAsync(Entries(5), None);

        var leases = await store.LeaseAsync("w1", 3, LongLease, None);

        Assert.Equal(Entries(5)[..3].Select(e => (e.Url, e.Depth, e.RedirectHops)),
            leases.Select(l => (l.Url, l.Depth, l.RedirectHops)));
        Assert.Equal(leases.Select(l => l.Id).Order(), leases.Select(l => l.Id));
        var status = await store.GetStatusAsync(None);
        Assert.Equal(3, status.Leased);
        Assert.Equal(2, status.Queued);
        Assert.False(status.IsComplete);
    }

    [Fact]
    public async Task Concurrent_leases_never_give_the_same_url_twice()
    {
        await using var store = await CreateStoreAsync();
        await store.AddAsync(Entries(100), None);

        var perWorker = await Task.WhenAll(Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            var mine = new List<Lease>();
            while (await store.LeaseAsync($"w{w}", 10, LongLease, None) is { Count: > 0 } leases)
                mine.AddRange(leases);
            return mine;
        })));

        var urls = perWorker.SelectMany(l => l).Select(l => l.Url).ToList();
        Assert.Equal(urls.Count, urls.Distinct().Count());
        Assert.Equal(Entries(100).Select(e => e.Url).Order(), urls.Order());
    }

    [Fact]
    public async Task An_expired_lease_is_leased_again()
    {
        await using var store = await CreateStoreAsync();
        await store.AddAsync([Entry(1)], None);
        var first = Assert.Single(await store.LeaseAsync("w1", 10, ShortLease, None));

        var again = await LeaseUntilAsync(store, "w2", first.Id);

        Assert.Equal(first.Url, Assert.Single(again).Url);
    }

    [Fact]
    public async Task A_renewed_lease_is_not_taken_by_another_worker()
    {
        await using var store = await CreateStoreAsync();
        await store.AddAsync([Entry(1), Entry(2)], None);
        var renewed = Assert.Single(await store.LeaseAsync("w1", 1, ShortLease, None));
        await store.RenewAsync("w1", [renewed.Id], LongLease, None);
        // A lease taken after the renewed one's first expiry was set: once it expires, so has that expiry.
        var probe = Assert.Single(await store.LeaseAsync("w1", 1, ShortLease, None));

        var taken = await LeaseUntilAsync(store, "w2", probe.Id);

        Assert.Equal(probe.Id, Assert.Single(taken).Id);
        Assert.Empty(await store.LeaseAsync("w3", 10, LongLease, None));
        Assert.Equal(2, (await store.GetStatusAsync(None)).Leased);
    }

    [Fact]
    public async Task A_released_lease_returns_to_the_frontier()
    {
        await using var store = await CreateStoreAsync();
        await store.AddAsync([Entry(1)], None);
        var lease = Assert.Single(await store.LeaseAsync("w1", 10, LongLease, None));

        await store.ReleaseAsync("w1", [lease.Id], None);

        Assert.Equal(1, (await store.GetStatusAsync(None)).Queued);
        Assert.Equal(lease.Id, Assert.Single(await store.LeaseAsync("w2", 10, LongLease, None)).Id);
    }

    [Fact]
    public async Task Another_workers_release_or_renewal_leaves_a_lease_alone()
    {
        await using var store = await CreateStoreAsync();
        await store.AddAsync([Entry(1)], None);
        var lease = Assert.Single(await store.LeaseAsync("w1", 10, LongLease, None));

        await store.ReleaseAsync("w2", [lease.Id], None);
        await store.RenewAsync("w2", [lease.Id], LongLease, None);

        Assert.Equal(1, (await store.GetStatusAsync(None)).Leased);
        Assert.Empty(await store.LeaseAsync("w2", 10, LongLease, None));
    }

    [Fact]
    public async Task Complete_records_the_outcome_and_adds_its_links()
    {
        await using var store = await CreateStoreAsync();
        await store.AddAsync([Entry(1)], None);
        var seed = Assert.Single(await store.LeaseAsync("w1", 10, LongLease, None));

        int recorded = await store.CompleteAsync("w1",
            [Outcome(seed, "<html>", links: [Entry(1), Entry(2), Entry(3, FetchReasons.MaxDepth)])], None);

        Assert.Equal(1, recorded);
        var status = await store.GetStatusAsync(None);
        Assert.Equal((1, 1, 1, 0), (status.Finished, status.Queued, status.Skipped, status.Leased));
        Assert.Equal(1, status.HtmlPages);
        Assert.Equal(6, status.Bytes);
        Assert.Equal(1, status.ByReason[FetchReasons.Ok]);
        Assert.False(status.IsComplete);
        Assert.Equal(Entry(2).Url, Assert.Single(await store.LeaseAsync("w1", 10, LongLease, None)).Url);
    }

    [Fact]
    public async Task The_store_is_complete_when_every_lease_is_completed()
    {
        await using var store = await CreateStoreAsync();
        await store.AddAsync(Entries(3), None);
        var leases = await store.LeaseAsync("w1", 10, LongLease, None);

        Assert.Equal(3, await store.CompleteAsync("w1", [.. leases.Select(l => Outcome(l, "x"))], None));

        var status = await store.GetStatusAsync(None);
        Assert.True(status.IsComplete);
        Assert.Equal(3, status.Finished);
    }

    [Fact]
    public async Task The_first_completion_wins_and_a_second_is_not_recorded()
    {
        await using var store = await CreateStoreAsync();
        await store.AddAsync([Entry(1)], None);
        var expired = Assert.Single(await store.LeaseAsync("w1", 10, ShortLease, None));
        var retaken = Assert.Single(await LeaseUntilAsync(store, "w2", expired.Id));

        Assert.Equal(1, await store.CompleteAsync("w2", [Outcome(retaken, "second worker")], None));
        Assert.Equal(0, await store.CompleteAsync("w1", [Outcome(expired, "first worker")], None));

        var page = Assert.Single(await ReadAllAsync(store));
        Assert.Equal("second worker", Encoding.UTF8.GetString(page.Body!));
        Assert.Equal(1, (await store.GetStatusAsync(None)).Finished);
    }

    [Fact]
    public async Task Pages_are_read_back_whole_in_completion_order()
    {
        await using var store = await CreateStoreAsync();
        await store.AddAsync(Entries(3), None);
        var leases = await store.LeaseAsync("w1", 10, LongLease, None);
        var fetchedAt = new DateTimeOffset(2025, 5, 1, 12, 30, 15, 250, TimeSpan.FromHours(2));
        var third = Outcome(leases[2], "third", fetchedAt: fetchedAt);
        var first = Outcome(leases[0], body: null, reason: FetchReasons.TooLarge, status: null);

        await store.CompleteAsync("w1", [third], None);
        await store.CompleteAsync("w1", [first, Outcome(leases[1], "second")], None);

        var pages = await ReadAllAsync(store);
        Assert.Equal([leases[2].Url, leases[0].Url, leases[1].Url], pages.Select(p => p.Url));
        Assert.Equal("third", Encoding.UTF8.GetString(pages[0].Body!));
        Assert.Equal(third.RequestHeaders, pages[0].RequestHeaders);
        Assert.Equal(third.ResponseHeaders, pages[0].ResponseHeaders);
        Assert.Equal((200, "text/html", 5L, 2), (pages[0].Status, pages[0].ContentType, pages[0].Bytes, pages[0].Attempts));
        Assert.Equal(fetchedAt, pages[0].FetchedAt);
        Assert.Equal(12.5, pages[0].ElapsedMs);
        Assert.Null(pages[1].Body);
        Assert.Null(pages[1].Status);
        Assert.Equal(FetchReasons.TooLarge, pages[1].Reason);
    }

    [Fact]
    public async Task Host_slots_make_successive_callers_wait_longer()
    {
        await using var store = await CreateStoreAsync();
        var delay = TimeSpan.FromMinutes(1);

        var first = await store.ReserveHostSlotAsync("example.test", delay, None);
        var second = await store.ReserveHostSlotAsync("example.test", delay, None);
        var third = await store.ReserveHostSlotAsync("example.test", delay, None);
        var otherHost = await store.ReserveHostSlotAsync("other.test", delay, None);

        Assert.Equal(TimeSpan.Zero, first);
        Assert.True(second > TimeSpan.Zero, $"second wait {second}");
        Assert.True(third > second, $"second wait {second}, third {third}");
        Assert.Equal(TimeSpan.Zero, otherHost);
    }

    // Expiry is measured by the store's clock, so the test asks until the store agrees; the bound only stops a
    // store that never returns expired leases from hanging the run.
    private static async Task<IReadOnlyList<Lease>> LeaseUntilAsync(ICrawlStore store, string worker, long id)
    {
        for (int attempt = 0; attempt < 600; attempt++)
        {
            var leases = await store.LeaseAsync(worker, 10, LongLease, None);
            if (leases.Any(l => l.Id == id))
                return leases;
            Assert.True(leases.Count == 0, $"leased {string.Join(", ", leases.Select(l => l.Url))} before {id}");
            await Task.Delay(50);
        }
        throw new Xunit.Sdk.XunitException($"lease {id} never expired");
    }

    protected static PageOutcome Outcome(
        Lease lease, string? body, IReadOnlyList<FrontierEntry>? links = null, string reason = FetchReasons.Ok,
        int? status = 200, DateTimeOffset? fetchedAt = null)
    {
        return new PageOutcome
        {
            Id = lease.Id,
            Url = lease.Url,
            Depth = lease.Depth,
            Reason = reason,
            Status = status,
            ContentType = "text/html",
            Bytes = body?.Length ?? 0,
            Body = body is null ? null : Encoding.UTF8.GetBytes(body),
            RequestHeaders = $"GET {lease.Url} HTTP/1.1\r\nHost: example.test\r\n\r\n",
            ResponseHeaders = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n",
            Attempts = 2,
            FetchedAt = fetchedAt ?? DateTimeOffset.UnixEpoch.AddDays(1),
            ElapsedMs = 12.5,
            Links = links ?? [],
        };
    }

    private static async Task<List<StoredPage>> ReadAllAsync(ICrawlStore store)
    {
        var pages = new List<StoredPage>();
        await foreach (var page in store.ReadPagesAsync(None))
            pages.Add(page);
        return pages;
    }
}
