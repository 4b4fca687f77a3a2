using Microsoft.Data.Sqlite;

namespace Aio.Crawler.Storage;

/// <summary>
/// Copies the write-ahead log back into the database file on a connection and a thread of its own, so that the
/// crawl's commits never stop for it. Left to itself, SQLite checkpoints inside the commit that fills the log: a
/// pause of about 100 ms per 16 MiB on the benchmark machine, during which no URL can be leased and the workers run
/// dry; and the whole log is copied again when the store closes. A passive checkpoint beside the writer copies what
/// was committed before it started, without blocking commits; the few frames committed meanwhile are copied at the
/// next commit on the writer's own connection, after which nothing in the log is left uncopied and SQLite starts it
/// over from its beginning (without that second step a busy log never catches up, and grows).
/// </summary>
/// <remarks>Not thread-safe: the store calls it under its own one-call-at-a-time gate.</remarks>
internal sealed class SqliteCheckpointer : IDisposable
{
    /// <summary>Bytes committed between two checkpoints.</summary>
    public const long Threshold = 4 * 1024 * 1024;

    private readonly string _connectionString;
    private readonly string _databasePath;
    private SqliteConnection? _connection;
    private Microsoft.Win32.SafeHandles.SafeFileHandle? _databaseFile;
    private Task _running = Task.CompletedTask;
    private long _pending;
    private bool _finishOnWriter;

    /// <summary>A checkpointer for the database that <paramref name="connectionString"/> opens.</summary>
    public SqliteCheckpointer(string connectionString)
    {
        _connectionString = connectionString;
        _databasePath = new SqliteConnectionStringBuilder(connectionString).DataSource;
    }

    /// <summary>Completed checkpoints (tests).</summary>
    public int Completed { get; private set; }

    /// <summary>
    /// Records <paramref name="bytes"/> more committed on <paramref name="writer"/> (the store's connection, between
    /// two of its commits), finishes a background checkpoint that has ended, and starts one when enough has been
    /// committed.
    /// </summary>
    public void Committed(SqliteConnection writer, long bytes)
    {
        if (_finishOnWriter && _running.IsCompleted)
        {
            _finishOnWriter = false;
            PassiveCheckpoint(writer);
        }

        _pending += bytes;
        if (_pending >= Threshold && _running.IsCompleted)
        {
            _pending = 0;
            _finishOnWriter = true;
            _running = Task.Run(Checkpoint);
        }
    }

    /// <summary>Waits until no background checkpoint runs (tests).</summary>
    internal void WaitIdle() => _running.Wait();

    /// <summary>Waits for a running checkpoint and closes the connection, before the store closes its own.</summary>
    public void Dispose()
    {
        _running.Wait();
        _connection?.Dispose();
        _connection = null;
    }

    /// <summary>
    /// Closes the handle kept on the database file; only once SQLite has closed all its connections, since closing
    /// any descriptor of a file drops every POSIX lock the process holds on it, SQLite's included.
    /// </summary>
    public void CloseFile()
    {
        _databaseFile?.Dispose();
        _databaseFile = null;
    }

    private void Checkpoint()
    {
        if (_connection is null)
        {
            try
            {
                _connection = new SqliteConnection(_connectionString);
                _connection.Open();
            }
            catch (SqliteException)
            {
                _connection?.Dispose();
                _connection = null;
                return;
            }
        }

        if (PassiveCheckpoint(_connection))
        {
            SyncDatabaseFile();
            Completed++;
        }
    }

    /// <summary>
    /// Flushes the pages the checkpoint wrote to the database file. SQLite syncs the file only in a checkpoint that
    /// catches up with the log, which here is the writer's short finishing pass: without this, that pass would
    /// wait for the disk to take every page copied since the last one (15–40 ms for 4 MiB on the benchmark
    /// machine), holding up the crawl's commits, and so would the store's close.
    /// </summary>
    private void SyncDatabaseFile()
    {
        try
        {
            _databaseFile ??= File.OpenHandle(_databasePath, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
            RandomAccess.FlushToDisk(_databaseFile);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            // Only an early flush is lost: SQLite still syncs the file before it reuses the log.
        }
    }

    private static bool PassiveCheckpoint(SqliteConnection connection)
    {
        try
        {
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
            command.ExecuteNonQuery();
            return true;
        }
        catch (SqliteException)
        {
            // Nothing is lost: the log keeps the commits, the next threshold tries again, and SQLite's own
            // checkpoints (at a larger log size, and on close) still run.
            return false;
        }
    }
}
