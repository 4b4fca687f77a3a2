using Microsoft.Data.Sqlite;

namespace Aio.Crawler.Storage;

/// <summary>The SQLite store's statements, prepared once and reused (the crawl runs them thousands of times a second).</summary>
internal sealed class SqliteCommands : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _insert;
    private readonly SqliteCommand _lease;
    private readonly SqliteCommand _finish;
    private readonly SqliteCommand _body;
    private readonly SqliteCommand _renew;
    private readonly SqliteCommand _release;

    public SqliteCommands(SqliteConnection connection)
    {
        _connection = connection;
        _insert = Command(
            "INSERT OR IGNORE INTO urls (url, host, depth, redirect_hops, state, reason) VALUES ($url, $host, $depth, $hops, $state, $reason)",
            "$url", "$host", "$depth", "$hops", "$state", "$reason");
        _lease = Command(
            """
            UPDATE urls SET state = 1, lease_owner = $worker, lease_until = $until
            WHERE id IN (SELECT id FROM (SELECT id FROM urls WHERE state = 0 ORDER BY id LIMIT $max)
                         UNION ALL SELECT id FROM (SELECT id FROM urls WHERE state = 1 AND lease_until < $now LIMIT $max)
                         ORDER BY id LIMIT $max)
            RETURNING id, url, depth, redirect_hops
            """,
            "$worker", "$until", "$max", "$now");
        _finish = Command(
            """
            UPDATE urls SET state = 2, lease_owner = NULL, lease_until = NULL, reason = $reason, status = $status,
                content_type = $type, bytes = $bytes, location = $location, attempts = $attempts,
                fetched_at = $at, elapsed_ms = $ms, finished_seq = $seq
            WHERE id = $id AND state <> 2
            """,
            "$reason", "$status", "$type", "$bytes", "$location", "$attempts", "$at", "$ms", "$seq", "$id");
        _body = Command(
            "INSERT INTO bodies (id, request_headers, response_headers, body) VALUES ($id, $request, $response, $body)",
            "$id", "$request", "$response", "$body");
        _renew = Command("UPDATE urls SET lease_until = $until WHERE id = $id AND state = 1 AND lease_owner = $worker", "$until", "$id", "$worker");
        _release = Command(
            "UPDATE urls SET state = 0, lease_owner = NULL, lease_until = NULL WHERE id = $id AND state = 1 AND lease_owner = $worker",
            "$id", "$worker");
    }

    public int Insert(SqliteTransaction transaction, IReadOnlyList<FrontierEntry> entries)
    {
        int added = 0;
        _insert.Transaction = transaction;
        var p = _insert.Parameters;
        foreach (var entry in entries)
        {
            p[0].Value = entry.Url;
            p[1].Value = entry.Host;
            p[2].Value = entry.Depth;
            p[3].Value = entry.RedirectHops;
            p[4].Value = entry.SkipReason is null ? SqliteSchema.Queued : SqliteSchema.Skipped;
            p[5].Value = (object?)entry.SkipReason ?? DBNull.Value;
            added += _insert.ExecuteNonQuery();
        }

        return added;
    }

    public List<Lease> Lease(SqliteTransaction transaction, string worker, int max, double now, double until)
    {
        _lease.Transaction = transaction;
        var p = _lease.Parameters;
        p[0].Value = worker;
        p[1].Value = until;
        p[2].Value = max;
        p[3].Value = now;
        var leases = new List<Lease>(max);
        using (var reader = _lease.ExecuteReader())
        {
            while (reader.Read())
            {
                leases.Add(new Lease(reader.GetInt64(0), reader.GetString(1), reader.GetInt32(2), reader.GetInt32(3)));
            }
        }

        leases.Sort((a, b) => a.Id.CompareTo(b.Id));
        return leases;
    }

    public void Renew(SqliteTransaction transaction, string worker, IReadOnlyList<long> ids, double until)
    {
        _renew.Transaction = transaction;
        foreach (long id in ids)
        {
            _renew.Parameters[0].Value = until;
            _renew.Parameters[1].Value = id;
            _renew.Parameters[2].Value = worker;
            _renew.ExecuteNonQuery();
        }
    }

    public void Release(SqliteTransaction transaction, string worker, IReadOnlyList<long> ids)
    {
        _release.Transaction = transaction;
        foreach (long id in ids)
        {
            _release.Parameters[0].Value = id;
            _release.Parameters[1].Value = worker;
            _release.ExecuteNonQuery();
        }
    }

    /// <summary>Records one outcome unless the URL is finished already (first completion wins).</summary>
    public bool Finish(SqliteTransaction transaction, PageOutcome outcome, long seq)
    {
        _finish.Transaction = transaction;
        var p = _finish.Parameters;
        p[0].Value = outcome.Reason;
        p[1].Value = (object?)outcome.Status ?? DBNull.Value;
        p[2].Value = (object?)outcome.ContentType ?? DBNull.Value;
        p[3].Value = outcome.Bytes;
        p[4].Value = (object?)outcome.Location ?? DBNull.Value;
        p[5].Value = outcome.Attempts;
        p[6].Value = outcome.FetchedAt.ToUnixTimeMilliseconds() / 1000.0;
        p[7].Value = outcome.ElapsedMs;
        p[8].Value = seq;
        p[9].Value = outcome.Id;
        if (_finish.ExecuteNonQuery() == 0)
        {
            return false;
        }

        if (outcome.Body is not null || outcome.RequestHeaders is not null || outcome.ResponseHeaders is not null)
        {
            _body.Transaction = transaction;
            _body.Parameters[0].Value = outcome.Id;
            _body.Parameters[1].Value = (object?)outcome.RequestHeaders ?? DBNull.Value;
            _body.Parameters[2].Value = (object?)outcome.ResponseHeaders ?? DBNull.Value;
            _body.Parameters[3].Value = (object?)outcome.Body ?? DBNull.Value;
            _body.ExecuteNonQuery();
        }

        return true;
    }

    public StoreStatus Status()
    {
        long[] states = new long[4];
        using (var command = _connection.CreateCommand())
        {
            command.CommandText = "SELECT state, COUNT(*) FROM urls GROUP BY state";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                states[reader.GetInt32(0)] = reader.GetInt64(1);
            }
        }

        var byReason = new SortedDictionary<string, long>(StringComparer.Ordinal);
        long html = 0, bytes = 0;
        using (var command = _connection.CreateCommand())
        {
            command.CommandText = """
                SELECT reason, COUNT(*), COALESCE(SUM(bytes), 0),
                       SUM(CASE WHEN status = 200 AND reason = 'ok' AND content_type IN ('text/html', 'application/xhtml+xml') THEN 1 ELSE 0 END)
                FROM urls WHERE state IN (2, 3) GROUP BY reason
                """;
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                byReason[reader.IsDBNull(0) ? "?" : reader.GetString(0)] = reader.GetInt64(1);
                bytes += reader.GetInt64(2);
                html += reader.GetInt64(3);
            }
        }

        return new StoreStatus(states[0], states[1], states[2], states[3], html, bytes, byReason);
    }

    public List<(long Seq, StoredPage Page)> ReadPages(long afterSeq, int max)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = """
            SELECT u.finished_seq, u.url, u.depth, u.reason, u.status, u.content_type, u.bytes, u.location, u.attempts,
                   u.fetched_at, u.elapsed_ms, b.request_headers, b.response_headers, b.body
            FROM urls u LEFT JOIN bodies b ON b.id = u.id
            WHERE u.state = 2 AND u.finished_seq > $after ORDER BY u.finished_seq LIMIT $max
            """;
        command.Parameters.AddWithValue("$after", afterSeq);
        command.Parameters.AddWithValue("$max", max);
        var pages = new List<(long, StoredPage)>(max);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            pages.Add((reader.GetInt64(0), new StoredPage(
                reader.GetString(1),
                reader.GetInt32(2),
                reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetInt32(4),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.IsDBNull(6) ? 0 : reader.GetInt64(6),
                reader.IsDBNull(7) ? null : reader.GetString(7),
                reader.IsDBNull(8) ? 1 : reader.GetInt32(8),
                DateTimeOffset.FromUnixTimeMilliseconds((long)(reader.GetDouble(9) * 1000)),
                reader.IsDBNull(10) ? 0 : reader.GetDouble(10),
                reader.IsDBNull(11) ? null : reader.GetString(11),
                reader.IsDBNull(12) ? null : reader.GetString(12),
                reader.IsDBNull(13) ? null : (byte[])reader.GetValue(13))));
        }

        return pages;
    }

    public void Dispose()
    {
        _insert.Dispose();
        _lease.Dispose();
        _finish.Dispose();
        _body.Dispose();
        _renew.Dispose();
        _release.Dispose();
    }

    private SqliteCommand Command(string sql, params string[] parameters)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (string name in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        return command;
    }
}
