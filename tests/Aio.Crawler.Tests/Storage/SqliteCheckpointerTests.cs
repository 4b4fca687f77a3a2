using Aio.Crawler.Storage;
using Aio.Crawler.Tests.Crawling;
using Microsoft.Data.Sqlite;

namespace Aio.Crawler.Tests.Storage;

public sealed class SqliteCheckpointerTests
{
    [Fact]
    public void A_checkpoint_runs_beside_the_writer_once_enough_is_committed()
    {
        using var dir = new TempDir();
        string file = dir.File("c.db");
        using var writer = OpenWriter(file, out string connectionString);
        var checkpointer = new SqliteCheckpointer(writer, connectionString);

        // 240 × 64 KiB and their frame headers: a log still under the 16 MiB threshold.
        WriteBlobs(writer, count: 240, size: 64 * 1024);
        checkpointer.Committed(writer);
        checkpointer.WaitIdle();
        Assert.Equal(0, checkpointer.Completed);
        WriteBlobs(writer, count: 16, size: 64 * 1024);
        long fileBefore = new FileInfo(file).Length;
        checkpointer.Committed(writer);
        checkpointer.Dispose();

        // Only the log held the 16 MiB until the checkpointer copied them into the database file.
        Assert.Equal(1, checkpointer.Completed);
        Assert.True(fileBefore < 64 * 1024, $"{fileBefore} bytes in the file before");
        Assert.True(new FileInfo(file).Length > SqliteCheckpointer.Threshold, $"{new FileInfo(file).Length} bytes in the file after");
    }

    [Fact]
    public void After_a_checkpoint_the_next_commit_copies_the_rest_and_the_log_starts_over()
    {
        using var dir = new TempDir();
        string file = dir.File("c.db");
        using var writer = OpenWriter(file, out string connectionString);
        var checkpointer = new SqliteCheckpointer(writer, connectionString);
        WriteBlobs(writer, count: 270, size: 64 * 1024);
        checkpointer.Committed(writer);
        checkpointer.WaitIdle();
        Assert.Equal(1, checkpointer.Completed);

        // Committed after the background pass (longer than what it copied, so the log outgrows it): the writer's
        // own pass at its next report copies it.
        WriteBlobs(writer, count: 300, size: 64 * 1024);
        checkpointer.Committed(writer);
        long logBefore = new FileInfo(file + "-wal").Length;
        WriteBlobs(writer, count: 8, size: 64 * 1024);

        // The next commit wrote from the start of the log instead of appending, and SQLite cut the file back to
        // the threshold.
        Assert.True(logBefore > SqliteCheckpointer.Threshold, $"{logBefore} bytes of log before");
        Assert.Equal(SqliteCheckpointer.Threshold, new FileInfo(file + "-wal").Length);
        checkpointer.Committed(writer);
        checkpointer.Dispose();

        // Cut back, the log is measured afresh: no second background pass started.
        Assert.Equal(1, checkpointer.Completed);
    }

    private static SqliteConnection OpenWriter(string file, out string connectionString)
    {
        connectionString = new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString();
        var writer = new SqliteConnection(connectionString);
        writer.Open();
        Execute(writer, "PRAGMA journal_mode = WAL; PRAGMA wal_autocheckpoint = 0; CREATE TABLE t (b BLOB)");
        return writer;
    }

    private static void WriteBlobs(SqliteConnection connection, int count, int size)
    {
        using var transaction = connection.BeginTransaction();
        using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO t (b) VALUES ($b)";
        command.Parameters.AddWithValue("$b", new byte[size]);
        for (int i = 0; i < count; i++)
        {
            command.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
