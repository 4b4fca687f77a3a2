using Npgsql;
using NpgsqlTypes;

namespace Aio.Crawler.Storage;

/// <summary>The one-statement update that records a batch of page outcomes.</summary>
internal static class PostgresOutcomeUpdate
{
    // Only a queued or leased row takes a result: a finished one was completed first by another worker (first
    // completion wins). The sequence numbers are drawn in the batch's order, which is the order exports read.
    private const string Sql = """
        UPDATE urls AS u SET
            state = 'finished', lease_owner = NULL, lease_until = NULL,
            reason = o.reason, status = o.status, content_type = o.content_type, bytes = o.bytes,
            location = o.location, attempts = o.attempts, fetched_at = o.fetched_at, elapsed_ms = o.elapsed_ms,
            request_headers = o.request_headers, response_headers = o.response_headers, body = o.body,
            finished_seq = o.seq
        FROM (
            SELECT t.*, nextval('urls_finished_seq') AS seq
            FROM unnest(@ids, @reasons, @statuses, @content_types, @bytes, @locations, @attempts, @fetched_at,
                        @elapsed_ms, @request_headers, @response_headers, @bodies) WITH ORDINALITY
                AS t(id, reason, status, content_type, bytes, location, attempts, fetched_at, elapsed_ms,
                     request_headers, response_headers, body, ordinal)
            ORDER BY t.ordinal
        ) AS o
        WHERE u.id = o.id AND u.state IN ('queued', 'leased')
        """;

    /// <summary>The update for <paramref name="outcomes"/>; its row count is how many were recorded.</summary>
    public static NpgsqlBatchCommand CreateCommand(IReadOnlyList<PageOutcome> outcomes)
    {
        var command = new NpgsqlBatchCommand(Sql);
        NpgsqlParameter[] parameters =
        [
            PostgresStore.ArrayParameter("ids", NpgsqlDbType.Bigint, outcomes.Select(o => o.Id).ToArray()),
            PostgresStore.ArrayParameter("reasons", NpgsqlDbType.Text, outcomes.Select(o => o.Reason).ToArray()),
            PostgresStore.ArrayParameter("statuses", NpgsqlDbType.Integer, outcomes.Select(o => o.Status).ToArray()),
            PostgresStore.ArrayParameter("content_types", NpgsqlDbType.Text, outcomes.Select(o => o.ContentType).ToArray()),
            PostgresStore.ArrayParameter("bytes", NpgsqlDbType.Bigint, outcomes.Select(o => o.Bytes).ToArray()),
            PostgresStore.ArrayParameter("locations", NpgsqlDbType.Text, outcomes.Select(o => o.Location).ToArray()),
            PostgresStore.ArrayParameter("attempts", NpgsqlDbType.Integer, outcomes.Select(o => o.Attempts).ToArray()),
            // timestamptz takes only UTC values.
            PostgresStore.ArrayParameter("fetched_at", NpgsqlDbType.TimestampTz,
                outcomes.Select(o => o.FetchedAt.UtcDateTime).ToArray()),
            PostgresStore.ArrayParameter("elapsed_ms", NpgsqlDbType.Double, outcomes.Select(o => o.ElapsedMs).ToArray()),
            PostgresStore.ArrayParameter("request_headers", NpgsqlDbType.Text,
                outcomes.Select(o => o.RequestHeaders).ToArray()),
            PostgresStore.ArrayParameter("response_headers", NpgsqlDbType.Text,
                outcomes.Select(o => o.ResponseHeaders).ToArray()),
            PostgresStore.ArrayParameter("bodies", NpgsqlDbType.Bytea, outcomes.Select(o => o.Body).ToArray()),
        ];
        command.Parameters.AddRange(parameters);
        return command;
    }
}
