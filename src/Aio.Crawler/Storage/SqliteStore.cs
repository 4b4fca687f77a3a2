using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

namespace Aio.Crawler.Storage;

/// <summary>
/// The embedded store: one SQLite file (WAL journal) owned by one crawling process at a time, enforced by an
/// exclusive lock on <c>PATH-lock</c> that the OS releases when the process dies, so leases found at open belong
/// to a dead process and go back to the frontier. <c>status</c> and <c>export</c> read while a crawl runs.
/// SQLite is synchronous: every call runs on a thread-pool thread, one at a time on one connection; a second
/// connection only checkpoints the write-ahead log beside it (<see cref="SqliteCheckpointer"/>).
/// </summary>
public sealed class SqliteStore : ICrawlStore
{
    private readonly string _path;
    private readonly bool _readOnly;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, long> _hostSlots = new(StringComparer.Ordinal);
    private SqliteConnection? _connection;
    private SqliteCommands? _commands;
    private SqliteCheckpointer? _checkpointer;
    private FileStream? _ownerLock;
    private long _finishedSeq;

    /// <summary>A store in the file <paramref name="path"/> (<c>:memory:</c> for a store that lives only in RAM).</summary>
    /// <param name="path">The database file.</param>
    /// <param name="readOnly">Open for reading only, beside a crawl that may be running (status, export).</param>
    public SqliteStore(string path, bool readOnly = false)
    {
        _path = path;
        _readOnly = readOnly;
    }

    /// <inheritdoc />
    public string Description => _path == ":memory:" ? "in-memory SQLite store" : $"SQLite store {_path}";

    private bool InMemory => _path == ":memory:";

    /// <inheritdoc />
    public Task OpenAsync(CancellationToken cancellationToken) => RunAsync(() =>
    {
        try
        {
            Open();
        }
        catch (Exception error) when (error is SqliteException or IOException or UnauthorizedAccessException)
        {
            Close();
            throw new StoreUnavailableException(Description, error);
        }
    }, cancellationToken);

    private void Open()
    {
        if (!InMemory && _readOnly && !File.Exists(_path))
        {
            throw new FileNotFoundException($"no store at {_path}", _path);
        }

        if (!InMemory && !_readOnly)
        {
            TakeOwnership();
        }

        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = _path,
            Mode = InMemory ? SqliteOpenMode.Memory : _readOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            DefaultTimeout = 30,
        };
        _connection = new SqliteConnection(builder.ToString());
        _connection.Open();
        if (!InMemory && !_readOnly)
        {
            _checkpointer = new SqliteCheckpointer(_connection, builder.ToString());
        }

        if (!_readOnly)
        {
            SqliteSchema.Create(_connection);
            // Single owner: every lease still recorded belongs to a process that no longer runs.
            SqliteSchema.Execute(_connection, "UPDATE urls SET state = 0, lease_owner = NULL, lease_until = NULL WHERE state = 1");
        }
        else
        {
            SqliteSchema.Execute(_connection, "PRAGMA query_only = ON");
        }

        _finishedSeq = SqliteSchema.Scalar(_connection, "SELECT COALESCE(MAX(finished_seq), 0) FROM urls");
        _commands = new SqliteCommands(_connection);
    }

    private void TakeOwnership()
    {
        string lockPath = _path + "-lock";
        try
        {
            // FileShare.None is an exclusive advisory lock on Unix: the kernel drops it when the owner dies.
            _ownerLock = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException error) when (error is not FileNotFoundException and not DirectoryNotFoundException)
        {
            throw new IOException($"{_path} is in use by another aio-crawl process (lock {lockPath} is held)", error);
        }
    }

    /// <inheritdoc />
    public Task<int> AddAsync(IReadOnlyList<FrontierEntry> entries, CancellationToken cancellationToken) =>
        RunAsync(() =>
        {
            using var transaction = Connection.BeginTransaction();
            int added = Commands.Insert(transaction, entries);
            transaction.Commit();
            return added;
        }, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<Lease>> LeaseAsync(string worker, int max, TimeSpan duration, CancellationToken cancellationToken) =>
        RunAsync<IReadOnlyList<Lease>>(() =>
        {
            using var transaction = Connection.BeginTransaction();
            var leases = Commands.Lease(transaction, worker, max, Now(), Now() + duration.TotalSeconds);
            transaction.Commit();
            return leases;
        }, cancellationToken);

    /// <inheritdoc />
    public Task RenewAsync(string worker, IReadOnlyList<long> ids, TimeSpan duration, CancellationToken cancellationToken) =>
        RunAsync(() =>
        {
            using var transaction = Connection.BeginTransaction();
            Commands.Renew(transaction, worker, ids, Now() + duration.TotalSeconds);
            transaction.Commit();
        }, cancellationToken);

    /// <inheritdoc />
    public Task ReleaseAsync(string worker, IReadOnlyList<long> ids, CancellationToken cancellationToken) =>
        RunAsync(() =>
        {
            using var transaction = Connection.BeginTransaction();
            Commands.Release(transaction, worker, ids);
            transaction.Commit();
        }, cancellationToken);

    /// <inheritdoc />
    public Task<int> CompleteAsync(string worker, IReadOnlyList<PageOutcome> outcomes, CancellationToken cancellationToken) =>
        RunAsync(() =>
        {
            using var transaction = Connection.BeginTransaction();
            int recorded = 0;
            foreach (var outcome in outcomes)
            {
                if (Commands.Finish(transaction, outcome, _finishedSeq + 1))
                {
                    _finishedSeq++;
                    recorded++;
                    Commands.Insert(transaction, outcome.Links);
                }
            }

            transaction.Commit();
            _checkpointer?.Committed(Connection);
            return recorded;
        }, cancellationToken);

    /// <inheritdoc />
    public Task<TimeSpan> ReserveHostSlotAsync(string host, TimeSpan delay, CancellationToken cancellationToken)
    {
        // One process owns the store, so the slots live in memory.
        lock (_hostSlots)
        {
            long now = Environment.TickCount64;
            long slot = _hostSlots.TryGetValue(host, out long next) ? Math.Max(next, now) : now;
            _hostSlots[host] = slot + (long)delay.TotalMilliseconds;
            return Task.FromResult(TimeSpan.FromMilliseconds(slot - now));
        }
    }

    /// <inheritdoc />
    public Task<long> CountQueuedAsync(CancellationToken cancellationToken) =>
        RunAsync(() => SqliteSchema.Scalar(Connection, "SELECT COUNT(*) FROM urls WHERE state = 0"), cancellationToken);

    /// <inheritdoc />
    public Task<StoreStatus> GetStatusAsync(CancellationToken cancellationToken) =>
        RunAsync(() => Commands.Status(), cancellationToken);

    /// <inheritdoc />
    public async IAsyncEnumerable<StoredPage> ReadPagesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        long after = 0;
        while (true)
        {
            // Pages come in bounded batches so bodies are never all in memory.
            var batch = await RunAsync(() => Commands.ReadPages(after, 64), cancellationToken).ConfigureAwait(false);
            foreach (var (seq, page) in batch)
            {
                after = seq;
                yield return page;
            }

            if (batch.Count < 64)
            {
                yield break;
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            Close();
        }
        finally
        {
            _gate.Release();
        }
    }

    private void Close()
    {
        // The checkpointer's connection closes first, so that the store's is the last one and SQLite copies the
        // rest of the log into the file and removes it.
        var checkpointer = _checkpointer;
        checkpointer?.Dispose();
        _checkpointer = null;
        _commands?.Dispose();
        _commands = null;
        _connection?.Dispose();
        _connection = null;
        checkpointer?.CloseFile();
        _ownerLock?.Dispose();
        _ownerLock = null;
    }

    private SqliteConnection Connection => _connection ?? throw new InvalidOperationException($"{Description} is not open");

    private SqliteCommands Commands => _commands ?? throw new InvalidOperationException($"{Description} is not open");

    private static double Now() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;

    private Task RunAsync(Action action, CancellationToken cancellationToken) =>
        RunAsync<bool>(() =>
        {
            action();
            return true;
        }, cancellationToken);

    private async Task<T> RunAsync<T>(Func<T> function, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await Task.Run(function, CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }
}
