namespace Aio.Crawler.Storage;

/// <summary>The store a <c>--store</c> value names: a <c>postgresql://</c> URI, <c>:memory:</c>, or an SQLite file path.</summary>
public static class StoreFactory
{
    /// <summary>True when <paramref name="store"/> names a PostgreSQL database.</summary>
    public static bool IsPostgres(string store) =>
        store.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase) ||
        store.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase);

    /// <summary>Creates (does not open) the store <paramref name="store"/> names.</summary>
    /// <param name="store">The <c>--store</c> value.</param>
    /// <param name="readOnly">For <c>status</c> and <c>export</c>: never create or change anything.</param>
    public static ICrawlStore Create(string store, bool readOnly = false) =>
        IsPostgres(store) ? new PostgresStore(store) : new SqliteStore(store, readOnly);
}
