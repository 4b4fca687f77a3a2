using Npgsql;

namespace Aio.Crawler.Storage;

/// <summary>The tables of a PostgreSQL store, created when missing.</summary>
internal static class PostgresSchema
{
    // Any constant that no other application takes a transaction-level advisory lock on in the same database.
    private const string CreationLockKey = "4713420820492416876"; // 0x41696F437261776C, "AioCrawl" in ASCII

    // CREATE … IF NOT EXISTS is not safe against itself: two workers starting at once can both find a table missing
    // and one fails on the catalog's unique index. The advisory lock makes them take turns; it ends with the
    // transaction.
    private const string CreateSql = $"""
        SELECT pg_advisory_xact_lock({CreationLockKey});

        CREATE TABLE IF NOT EXISTS urls (
            id               bigserial PRIMARY KEY,
            url              text NOT NULL UNIQUE,
            host             text NOT NULL,
            depth            integer NOT NULL,
            redirect_hops    integer NOT NULL DEFAULT 0,
            state            text NOT NULL DEFAULT 'queued'
                             CHECK (state IN ('queued', 'leased', 'finished', 'skipped')),
            lease_owner      text,
            lease_until      timestamptz,
            reason           text,
            status           integer,
            content_type     text,
            bytes            bigint NOT NULL DEFAULT 0,
            location         text,
            attempts         integer NOT NULL DEFAULT 0,
            fetched_at       timestamptz,
            elapsed_ms       double precision,
            request_headers  text,
            response_headers text,
            body             bytea,
            finished_seq     bigint
        );

        CREATE SEQUENCE IF NOT EXISTS urls_finished_seq;

        -- The lease query walks these two: queued URLs oldest first, and leases past their expiry.
        CREATE INDEX IF NOT EXISTS urls_queued_by_id ON urls (id) WHERE state = 'queued';
        CREATE INDEX IF NOT EXISTS urls_leased_by_expiry ON urls (lease_until) WHERE state = 'leased';
        -- Exports read finished pages in the order they were recorded.
        CREATE INDEX IF NOT EXISTS urls_finished_in_order ON urls (finished_seq) WHERE finished_seq IS NOT NULL;

        CREATE TABLE IF NOT EXISTS hosts (
            host      text PRIMARY KEY,
            next_slot timestamptz NOT NULL
        );
        """;

    /// <summary>Creates the tables, sequence and indexes that do not exist yet, in one transaction.</summary>
    public static async Task EnsureAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var command = new NpgsqlCommand(CreateSql, connection, transaction))
            await command.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
