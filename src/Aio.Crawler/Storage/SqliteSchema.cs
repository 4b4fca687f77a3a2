using Microsoft.Data.Sqlite;

namespace Aio.Crawler.Storage;

/// <summary>The SQLite store's tables. States: 0 queued, 1 leased, 2 finished, 3 skipped.</summary>
internal static class SqliteSchema
{
    public const int Queued = 0;
    public const int Leased = 1;
    public const int Finished = 2;
    public const int Skipped = 3;

    private const string Tables = """
        PRAGMA journal_mode = WAL;
        PRAGMA synchronous = NORMAL;
        PRAGMA wal_autocheckpoint = 16384;
        CREATE TABLE IF NOT EXISTS urls (
            id INTEGER PRIMARY KEY,
            url TEXT NOT NULL UNIQUE,
            host TEXT NOT NULL,
            depth INTEGER NOT NULL,
            redirect_hops INTEGER NOT NULL DEFAULT 0,
            state INTEGER NOT NULL,
            lease_owner TEXT,
            lease_until REAL,
            reason TEXT,
            status INTEGER,
            content_type TEXT,
            bytes INTEGER,
            location TEXT,
            attempts INTEGER,
            fetched_at REAL,
            elapsed_ms REAL,
            finished_seq INTEGER);
        CREATE INDEX IF NOT EXISTS urls_queued ON urls(id) WHERE state = 0;
        CREATE INDEX IF NOT EXISTS urls_leased ON urls(lease_until) WHERE state = 1;
        CREATE INDEX IF NOT EXISTS urls_finished ON urls(finished_seq) WHERE state = 2;
        CREATE TABLE IF NOT EXISTS bodies (
            id INTEGER PRIMARY KEY,
            request_headers TEXT,
            response_headers TEXT,
            body BLOB);
        """;

    public static void Create(SqliteConnection connection) => Execute(connection, Tables);

    public static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public static long Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar() ?? 0L);
    }
}
