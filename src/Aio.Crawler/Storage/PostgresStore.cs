using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Npgsql;
using NpgsqlTypes;

namespace Aio.Crawler.Storage;

/// <summary>
/// A crawl store in a PostgreSQL database that several <c>aio-crawl</c> workers, on any machines, share. Row locks
/// (<c>FOR UPDATE SKIP LOCKED</c>) keep concurrent leases apart; lease expiry and politeness slots use the
/// database's clock, so the workers' clocks need not agree. One pooled data source serves concurrent calls.
/// </summary>
public sealed class PostgresStore : ICrawlStore
{
    // Expired leases and queued URLs are picked through their own partial indexes, each at most @max rows, and the
    // oldest @max of both are taken. Rows another transaction is leasing are skipped, not waited for.
    private const string LeaseSql = """
        WITH expired AS (
            SELECT id FROM urls WHERE state = 'leased' AND lease_until < now()
            ORDER BY id LIMIT @max FOR UPDATE SKIP LOCKED
        ), queued AS (
            SELECT id FROM urls WHERE state = 'queued'
            ORDER BY id LIMIT @max FOR UPDATE SKIP LOCKED
        )
        UPDATE urls SET state = 'leased', lease_owner = @worker, lease_until = now() + @duration
        WHERE id IN (
            SELECT id FROM (SELECT id FROM expired UNION ALL SELECT id FROM queued) AS candidates
            ORDER BY id LIMIT @max)
        RETURNING id, url, depth, redirect_hops
        """;

    private const string RenewSql = """
        UPDATE urls SET lease_until = now() + @duration
        WHERE id = ANY(@ids) AND state = 'leased' AND lease_owner = @worker
        """;

    private const string ReleaseSql = """
        UPDATE urls SET state = 'queued', lease_owner = NULL, lease_until = NULL
        WHERE id = ANY(@ids) AND state = 'leased' AND lease_owner = @worker
        """;

    // The slot starts at the host's previous next_slot or now, whichever is later; the row lock of the upsert makes
    // concurrent callers take successive slots. clock_timestamp(), not now(): a caller that waited for the row lock
    // must not reserve a slot in its past.
    private const string ReserveHostSlotSql = """
        INSERT INTO hosts AS h (host, next_slot) VALUES (@host, clock_timestamp() + @delay)
        ON CONFLICT (host) DO UPDATE SET next_slot = GREATEST(h.next_slot, clock_timestamp()) + @delay
        RETURNING GREATEST(EXTRACT(EPOCH FROM h.next_slot - @delay - clock_timestamp()), 0)::double precision
        """;

    private const string StatusSql = """
        SELECT state, reason, count(*), coalesce(sum(bytes), 0)::bigint,
               count(*) FILTER (WHERE status = 200 AND reason = 'ok'
                                AND lower(content_type) IN ('text/html', 'application/xhtml+xml'))
        FROM urls GROUP BY state, reason
        """;

    private const string ReadPagesSql = """
        SELECT url, depth, reason, status, content_type, bytes, location, attempts, fetched_at, elapsed_ms,
               request_headers, response_headers, body
        FROM urls WHERE state = 'finished' ORDER BY finished_seq
        """;

    private readonly NpgsqlDataSource _dataSource;

    /// <summary>
    /// A store on the database <paramref name="connectionUri"/> names
    /// (<c>postgresql://user:password@host:port/database</c>); nothing is connected until <see cref="OpenAsync"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The URI is not a PostgreSQL URI.</exception>
    public PostgresStore(string connectionUri)
    {
        var settings = PostgresConnectionString.Parse(connectionUri);
        Description = PostgresConnectionString.Describe(settings);
        _dataSource = NpgsqlDataSource.Create(settings);
    }

    /// <inheritdoc/>
    public string Description { get; }

    /// <inheritdoc/>
    /// <remarks>Leases are left as they are: other workers may hold them, and expired ones return by themselves.</remarks>
    /// <exception cref="StoreUnavailableException">The server cannot be reached, refuses the login, or has no such database.</exception>
    public async Task OpenAsync(CancellationToken cancellationToken)
    {
        try
        {
            await PostgresSchema.EnsureAsync(_dataSource, cancellationToken);
        }
        catch (Exception e) when (e is NpgsqlException or SocketException or TimeoutException)
        {
            throw new StoreUnavailableException(Description, e);
        }
    }

    /// <inheritdoc/>
    public async Task<int> AddAsync(IReadOnlyList<FrontierEntry> entries, CancellationToken cancellationToken)
    {
        if (entries.Count == 0)
            return 0;
        return await RetryOnDeadlockAsync(async () =>
        {
            await using var command = _dataSource.CreateCommand(PostgresFrontierInsert.Sql);
            command.Parameters.AddRange(PostgresFrontierInsert.Parameters(entries));
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<Lease>> LeaseAsync(
        string worker, int max, TimeSpan duration, CancellationToken cancellationToken)
    {
        if (max <= 0)
            return [];
        await using var command = _dataSource.CreateCommand(LeaseSql);
        command.Parameters.Add(new NpgsqlParameter<int>("max", max));
        command.Parameters.Add(new NpgsqlParameter<string>("worker", worker));
        command.Parameters.Add(new NpgsqlParameter<TimeSpan>("duration", duration));
        var leases = new List<Lease>(max);
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
                leases.Add(new Lease(reader.GetInt64(0), reader.GetString(1), reader.GetInt32(2), reader.GetInt32(3)));
        }
        leases.Sort((a, b) => a.Id.CompareTo(b.Id)); // RETURNING promises no order
        return leases;
    }

    /// <inheritdoc/>
    public async Task RenewAsync(
        string worker, IReadOnlyList<long> ids, TimeSpan duration, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
            return;
        await RetryOnDeadlockAsync(async () =>
        {
            await using var command = _dataSource.CreateCommand(RenewSql);
            command.Parameters.Add(new NpgsqlParameter<long[]>("ids", [.. ids]));
            command.Parameters.Add(new NpgsqlParameter<string>("worker", worker));
            command.Parameters.Add(new NpgsqlParameter<TimeSpan>("duration", duration));
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public async Task ReleaseAsync(string worker, IReadOnlyList<long> ids, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
            return;
        await RetryOnDeadlockAsync(async () =>
        {
            await using var command = _dataSource.CreateCommand(ReleaseSql);
            command.Parameters.Add(new NpgsqlParameter<long[]>("ids", [.. ids]));
            command.Parameters.Add(new NpgsqlParameter<string>("worker", worker));
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);
    }

    /// <inheritdoc/>
    /// <remarks>One transaction, one round trip for the results and one for the links, whatever the batch size.</remarks>
    public Task<int> CompleteAsync(
        string worker, IReadOnlyList<PageOutcome> outcomes, CancellationToken cancellationToken) =>
        outcomes.Count == 0 ? Task.FromResult(0) : RetryOnDeadlockAsync(() => CompleteOnceAsync(outcomes, cancellationToken), cancellationToken);

    private async Task<int> CompleteOnceAsync(IReadOnlyList<PageOutcome> outcomes, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection, transaction);
        batch.BatchCommands.Add(PostgresOutcomeUpdate.CreateCommand(outcomes));
        if (outcomes.Any(o => o.Links.Count > 0))
        {
            var insertLinks = new NpgsqlBatchCommand(PostgresFrontierInsert.Sql);
            insertLinks.Parameters.AddRange(PostgresFrontierInsert.Parameters(outcomes.SelectMany(o => o.Links)));
            batch.BatchCommands.Add(insertLinks);
        }
        await batch.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return batch.BatchCommands[0].RecordsAffected;
    }

    /// <summary>
    /// Runs a write again when PostgreSQL broke a deadlock by aborting it. Workers lock rows in orders no one
    /// chooses: one finishing page A while inserting a link to B, another finishing B while inserting a link to A
    /// (a unique-index check waits for the row's updater). The aborted transaction changed nothing, so running it
    /// again is safe; the other one has gone on.
    /// </summary>
    private static async Task<T> RetryOnDeadlockAsync<T>(Func<Task<T>> write, CancellationToken cancellationToken)
    {
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                return await write();
            }
            catch (PostgresException error) when (attempt < MaxWriteAttempts
                && error.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 50) * attempt), cancellationToken);
            }
        }
    }

    private const int MaxWriteAttempts = 5;

    /// <inheritdoc/>
    public async Task<TimeSpan> ReserveHostSlotAsync(string host, TimeSpan delay, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(ReserveHostSlotSql);
        command.Parameters.Add(new NpgsqlParameter<string>("host", host));
        command.Parameters.Add(new NpgsqlParameter<TimeSpan>("delay", delay < TimeSpan.Zero ? TimeSpan.Zero : delay));
        object? seconds = await command.ExecuteScalarAsync(cancellationToken);
        return TimeSpan.FromSeconds((double)seconds!);
    }

    /// <inheritdoc/>
    public async Task<long> CountQueuedAsync(CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand("SELECT count(*) FROM urls WHERE state = 'queued'");
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <inheritdoc/>
    /// <remarks><see cref="StoreStatus.ByReason"/> counts skipped URLs as well as finished ones.</remarks>
    public async Task<StoreStatus> GetStatusAsync(CancellationToken cancellationToken)
    {
        long queued = 0, leased = 0, finished = 0, skipped = 0, htmlPages = 0, bytes = 0;
        var byReason = new Dictionary<string, long>(StringComparer.Ordinal);
        await using var command = _dataSource.CreateCommand(StatusSql);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            long count = reader.GetInt64(2);
            switch (reader.GetString(0))
            {
                case "queued": queued += count; break;
                case "leased": leased += count; break;
                case "finished": finished += count; break;
                case "skipped": skipped += count; break;
            }
            if (!reader.IsDBNull(1))
                byReason[reader.GetString(1)] = byReason.GetValueOrDefault(reader.GetString(1)) + count;
            bytes += reader.GetInt64(3);
            htmlPages += reader.GetInt64(4);
        }
        return new StoreStatus(queued, leased, finished, skipped, htmlPages, bytes, byReason);
    }

    /// <inheritdoc/>
    /// <remarks>Rows stream from the server as they are read: one body at a time is in memory.</remarks>
    public async IAsyncEnumerable<StoredPage> ReadPagesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(ReadPagesSql, connection);
        await using var reader = await command.ExecuteReaderAsync(
            System.Data.CommandBehavior.SequentialAccess, cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            yield return await PostgresPageReader.ReadAsync(reader, cancellationToken);
    }

    /// <summary>Closes the pooled connections.</summary>
    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    /// <summary>An array parameter typed explicitly: a null element or an empty array gives Npgsql nothing to infer from.</summary>
    internal static NpgsqlParameter ArrayParameter<T>(string name, NpgsqlDbType elementType, T[] values) =>
        new(name, NpgsqlDbType.Array | elementType) { Value = values };
}
