using Aio.Crawler.Storage;
using Aio.Crawler.Tests.Crawling;
using Microsoft.Data.Sqlite;

namespace Aio.Crawler.Tests.Storage;

public sealed class SqliteCheckpointerTests
{
    [Fact]
    public void A_checkpoint_runs_beside_the_writer_once_enough_is_committed_and_copies_the_whole_log()
    {
        using var dir = new TempDir();
        string file = dir.File("c.db");
        string connectionString = new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString();
        using var writer = new SqliteConnection(connectionString);
        writer.Open();
        Execute(writer, "PRAGMA journal_mode = WAL; PRAGMA wal_autocheckpoint = 0; CREATE TABLE t (b BLOB)");
        var checkpointer = new SqliteCheckpointer(connectionString);

        WriteBlobs(writer, count: 64, size: 64 * 1024);
        checkpointer.Committed(SqliteCheckpointer.Threshold - 1);
        Thread.Sleep(50);
        long fileBefore = new FileInfo(file).Length;
        checkpointer.Committed(1);
        checkpointer.Dispose();

        // Only the log held the 4 MiB until the checkpointer copied them into the database file.
        Assert.Equal(1, checkpointer.Completed);
        Assert.True(fileBefore < 64 * 1024, $"{fileBefore} bytes in the file before");
        Assert.True(new FileInfo(file).Length > 4 * 1024 * 1024, $"{new FileInfo(file).Length} bytes in the file after");
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
