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
/// <remarks>
/// What has been committed is measured, not estimated: SQLite cuts a log it starts over back to
/// <see cref="Threshold"/> bytes (<c>journal_size_limit</c>), so the file growing past that means as much again has
/// been written since. Not thread-safe: the store calls it under its own one-call-at-a-time gate.
/// </remarks>
internal sealed class SqliteCheckpointer : IDisposable
{
    /// <summary>Log bytes written between two checkpoints, and the size a log started over is cut back to.</summary>
    public const long Threshold = 16 * 1024 * 1024;

    private readonly string _connectionString;
    private readonly string _databasePath;
    private readonly string _logPath;
    private SqliteConnection? _connection;
    private Microsoft.Win32.SafeHandles.SafeFileHandle? _databaseFile;
    private Task _running = Task.CompletedTask;
    private long _nextAt = Threshold;
    private bool _finishOnWriter;

    /// <summary>
    /// A checkpointer for the database that <paramref name="connectionString"/> opens, written by
    /// <paramref name="writer"/> (whose log it has SQLite cut back when it starts over).
    /// </summary>
    public SqliteCheckpointer(SqliteConnection writer, string connectionString)
    {
        _connectionString = connectionString;
        _databasePath = new SqliteConnectionStringBuilder(connectionString).DataSource;
        _logPath = _databasePath + "-wal";
        using var command = writer.CreateCommand();
        command.CommandText = $"PRAGMA journal_size_limit = {Threshold}";
        command.ExecuteNonQuery();
    }

    /// <summary>Completed checkpoints (tests).</summary>
    public int Completed { get; private set; }

    /// <summary>
    /// Called after each commit on <paramref name="writer"/> (the store's connection): finishes a background
    /// checkpoint that has ended, and starts one once the log has grown by <see cref="Threshold"/>.
    /// </summary>
    public void Committed(SqliteConnection writer)
    {
        if (_finishOnWriter)
        {
            if (_running.IsCompleted)
            {
                _finishOnWriter = false;
                PassiveCheckpoint(writer);
            }

            // The log starts over, and is cut back, at the next commit: it is measured from then on.
            return;
        }

        long length = File.Exists(_logPath) ? new FileInfo(_logPath).Length : 0;
        if (length <= Threshold)
        {
            _nextAt = Threshold;
        }

        // A log that could not start over (a reader still used it) is checkpointed again only after as much more.
        if (length > _nextAt)
        {
            _nextAt = length + Threshold;
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
    /// wait for the disk to take every page copied since the last one (11–32 ms a pass on the benchmark machine),
    /// holding up the crawl's commits, and so would the store's close.
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
