namespace Aio.Crawler.Storage;

/// <summary>
/// Where a crawl keeps its frontier and results. Work is leased, never popped: a lease that is neither completed
/// nor renewed before it expires returns to the frontier, so a killed worker loses nothing. Every method that writes
/// does so in one transaction. Methods may be called concurrently (the feeder leases while the writer completes);
/// an implementation serialises what its database needs serialised.
/// </summary>
public interface ICrawlStore : IAsyncDisposable
{
    /// <summary>A short description for messages (a file path, or a PostgreSQL host and database without password).</summary>
    string Description { get; }

    /// <summary>
    /// Opens the store, creating its schema when missing. A store only one process can use at a time (SQLite) also
    /// returns every lease to the frontier here: the process that held them is gone.
    /// </summary>
    Task OpenAsync(CancellationToken cancellationToken);

    /// <summary>Adds the entries whose URL the store does not know yet; known URLs are left as they are.</summary>
    /// <returns>How many were new.</returns>
    Task<int> AddAsync(IReadOnlyList<FrontierEntry> entries, CancellationToken cancellationToken);

    /// <summary>
    /// Leases up to <paramref name="max"/> queued URLs (or URLs whose lease expired) to <paramref name="worker"/>
    /// until now + <paramref name="duration"/>, oldest first. Concurrent workers never get the same URL.
    /// </summary>
    Task<IReadOnlyList<Lease>> LeaseAsync(string worker, int max, TimeSpan duration, CancellationToken cancellationToken);

    /// <summary>Extends the worker's leases on <paramref name="ids"/> to now + <paramref name="duration"/>.</summary>
    Task RenewAsync(string worker, IReadOnlyList<long> ids, TimeSpan duration, CancellationToken cancellationToken);

    /// <summary>Returns leases to the frontier without a result (a worker stopping early).</summary>
    Task ReleaseAsync(string worker, IReadOnlyList<long> ids, CancellationToken cancellationToken);

    /// <summary>
    /// Records results in one transaction: each page's outcome and body, its URL marked finished, and the URLs it
    /// discovered added to the frontier. A result whose lease the worker no longer holds (it expired and another
    /// worker took it) is still recorded only once: the first completion wins.
    /// </summary>
    /// <returns>How many of the outcomes were recorded (not already finished by another worker).</returns>
    Task<int> CompleteAsync(string worker, IReadOnlyList<PageOutcome> outcomes, CancellationToken cancellationToken);

    /// <summary>
    /// Per-host politeness shared by every worker on the store: reserves the next fetch slot of
    /// <paramref name="host"/> given a minimum <paramref name="delay"/> between fetches, and says how long to wait
    /// before using it (zero when it is free now).
    /// </summary>
    Task<TimeSpan> ReserveHostSlotAsync(string host, TimeSpan delay, CancellationToken cancellationToken);

    /// <summary>URLs waiting to be leased, counted cheaply (progress displays ask every few seconds).</summary>
    Task<long> CountQueuedAsync(CancellationToken cancellationToken);

    /// <summary>Counts of the frontier's states and the results so far.</summary>
    Task<StoreStatus> GetStatusAsync(CancellationToken cancellationToken);

    /// <summary>Every finished fetch in the order it was recorded, with its body when one was kept.</summary>
    IAsyncEnumerable<StoredPage> ReadPagesAsync(CancellationToken cancellationToken);
}
