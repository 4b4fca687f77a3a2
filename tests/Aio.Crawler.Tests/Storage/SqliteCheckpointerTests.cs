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
        var checkpointer = new SqliteCheckpointer(connectionString);

        WriteBlobs(writer, count: 64, size: 64 * 1024);
        checkpointer.Committed(writer, SqliteCheckpointer.Threshold - 1);
        Thread.Sleep(50);
        long fileBefore = new FileInfo(file).Length;
        checkpointer.Committed(writer, 1);
        checkpointer.Dispose();

        // Only the log held the 4 MiB until the checkpointer copied them into the database file.
        Assert.Equal(1, checkpointer.Completed);
        Assert.True(fileBefore < 64 * 1024, $"{fileBefore} bytes in the file before");
        Assert.True(new FileInfo(file).Length > 4 * 1024 * 1024, $"{new FileInfo(file).Length} bytes in the file after");
    }

    [Fact]
    public void After_a_checkpoint_the_next_commit_copies_the_rest_and_the_log_starts_over()
    {
        using var dir = new TempDir();
        string file = dir.File("c.db");
        using var writer = OpenWriter(file, out string connectionString);
        var checkpointer = new SqliteCheckpointer(connectionString);
        WriteBlobs(writer, count: 64, size: 64 * 1024);
        checkpointer.Committed(writer, SqliteCheckpointer.Threshold);
        checkpointer.WaitIdle();

        // Committed after the background pass (longer than what it copied, so the log outgrows it): the writer's
        // own pass at its next report copies it. (Reported as 1 byte so that no second background pass starts.)
        WriteBlobs(writer, count: 100, size: 64 * 1024);
        checkpointer.Committed(writer, 1);
        long logBefore = new FileInfo(file + "-wal").Length;
        WriteBlobs(writer, count: 8, size: 64 * 1024);

        // The next commit wrote from the start of the log, inside its old length, instead of appending.
        Assert.Equal(logBefore, new FileInfo(file + "-wal").Length);
        checkpointer.Dispose();
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
