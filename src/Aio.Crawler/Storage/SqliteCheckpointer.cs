using Microsoft.Data.Sqlite;

namespace Aio.Crawler.Storage;

/// <summary>
/// Copies the write-ahead log back into the database file on a connection and a thread of its own, so that the
/// crawl's commits never stop for it. Left to itself, SQLite checkpoints inside the commit that fills the log: a
/// pause of about 100 ms per 16 MiB on the benchmark machine, during which no URL can be leased and the workers run
/// dry; and the whole log is copied again when the store closes. A passive checkpoint beside the writer copies what
/// it can without blocking it, and the log restarts from its beginning once everything in it has been copied.
/// </summary>
/// <remarks>Not thread-safe: the store calls it under its own one-call-at-a-time gate.</remarks>
internal sealed class SqliteCheckpointer : IDisposable
{
    /// <summary>Bytes committed between two checkpoints.</summary>
    public const long Threshold = 4 * 1024 * 1024;

    private readonly string _connectionString;
    private SqliteConnection? _connection;
    private Task _running = Task.CompletedTask;
    private long _pending;

    /// <summary>A checkpointer for the database that <paramref name="connectionString"/> opens.</summary>
    public SqliteCheckpointer(string connectionString) => _connectionString = connectionString;

    /// <summary>Completed checkpoints (tests).</summary>
    public int Completed { get; private set; }

    /// <summary>Records <paramref name="bytes"/> more committed, and starts a checkpoint when enough have been.</summary>
    public void Committed(long bytes)
    {
        _pending += bytes;
        if (_pending >= Threshold && _running.IsCompleted)
        {
            _pending = 0;
            _running = Task.Run(Checkpoint);
        }
    }

    /// <summary>Waits for a running checkpoint and closes the connection, before the store closes its own.</summary>
    public void Dispose()
    {
        _running.Wait();
        _connection?.Dispose();
        _connection = null;
    }

    private void Checkpoint()
    {
        try
        {
            if (_connection is null)
            {
                _connection = new SqliteConnection(_connectionString);
                _connection.Open();
            }

            using var command = _connection.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
            command.ExecuteNonQuery();
            Completed++;
        }
        catch (SqliteException)
        {
            // Nothing is lost: the log keeps the commits, the next threshold tries again, and SQLite's own
            // checkpoints (at a larger log size, and on close) still run.
        }
    }
}
