using Npgsql;
using NpgsqlTypes;

namespace Aio.Crawler.Storage;

/// <summary>The one-statement insert of a batch of frontier entries, for adds and for the links of completions.</summary>
internal static class PostgresFrontierInsert
{
    /// <summary>Inserts the unknown URLs, queued or (with a skip reason) skipped; its row count is how many were new.</summary>
    public const string Sql = """
        INSERT INTO urls (url, host, depth, redirect_hops, state, reason)
        SELECT * FROM unnest(@urls, @hosts, @depths, @hops, @states, @reasons)
        ON CONFLICT (url) DO NOTHING
        """;

    /// <summary>
    /// The parameters of <see cref="Sql"/> for <paramref name="entries"/>: each URL once (its first entry), in
    /// ordinal URL order, so transactions inserting the same URLs take their index locks in the same order and
    /// cannot deadlock each other.
    /// </summary>
    public static NpgsqlParameter[] Parameters(IEnumerable<FrontierEntry> entries)
    {
        var unique = entries.DistinctBy(e => e.Url, StringComparer.Ordinal)
            .Order(Comparer<FrontierEntry>.Create((a, b) => string.CompareOrdinal(a.Url, b.Url)))
            .ToArray();
        return
        [
            PostgresStore.ArrayParameter("urls", NpgsqlDbType.Text, unique.Select(e => e.Url).ToArray()),
            PostgresStore.ArrayParameter("hosts", NpgsqlDbType.Text, unique.Select(e => e.Host).ToArray()),
            PostgresStore.ArrayParameter("depths", NpgsqlDbType.Integer, unique.Select(e => e.Depth).ToArray()),
            PostgresStore.ArrayParameter("hops", NpgsqlDbType.Integer, unique.Select(e => e.RedirectHops).ToArray()),
            PostgresStore.ArrayParameter("states", NpgsqlDbType.Text,
                unique.Select(e => e.SkipReason is null ? "queued" : "skipped").ToArray()),
            PostgresStore.ArrayParameter("reasons", NpgsqlDbType.Text, unique.Select(e => e.SkipReason).ToArray()),
        ];
    }
}
