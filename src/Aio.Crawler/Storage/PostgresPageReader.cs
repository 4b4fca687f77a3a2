using Npgsql;

namespace Aio.Crawler.Storage;

/// <summary>Reads one finished row of the exports' query into a <see cref="StoredPage"/>.</summary>
internal static class PostgresPageReader
{
    /// <summary>
    /// The current row of <paramref name="reader"/>, whose columns are url, depth, reason, status, content_type,
    /// bytes, location, attempts, fetched_at, elapsed_ms, request_headers, response_headers, body. Reads them in
    /// that order, as a sequential-access reader requires.
    /// </summary>
    public static async Task<StoredPage> ReadAsync(NpgsqlDataReader reader, CancellationToken cancellationToken)
    {
        string url = reader.GetString(0);
        int depth = reader.GetInt32(1);
        string reason = reader.GetString(2);
        int? status = await reader.IsDBNullAsync(3, cancellationToken) ? null : reader.GetInt32(3);
        string? contentType = await TextAsync(reader, 4, cancellationToken);
        long bytes = reader.GetInt64(5);
        string? location = await TextAsync(reader, 6, cancellationToken);
        int attempts = reader.GetInt32(7);
        DateTime fetchedAt = await reader.IsDBNullAsync(8, cancellationToken) ? default : reader.GetDateTime(8);
        double elapsedMs = await reader.IsDBNullAsync(9, cancellationToken) ? 0 : reader.GetDouble(9);
        string? requestHeaders = await TextAsync(reader, 10, cancellationToken);
        string? responseHeaders = await TextAsync(reader, 11, cancellationToken);
        byte[]? body = await reader.IsDBNullAsync(12, cancellationToken)
            ? null
            : await reader.GetFieldValueAsync<byte[]>(12, cancellationToken);
        return new StoredPage(
            url, depth, reason, status, contentType, bytes, location, attempts,
            new DateTimeOffset(DateTime.SpecifyKind(fetchedAt, DateTimeKind.Utc)), elapsedMs,
            requestHeaders, responseHeaders, body);
    }

    private static async Task<string?> TextAsync(NpgsqlDataReader reader, int ordinal, CancellationToken cancellationToken)
    {
        if (await reader.IsDBNullAsync(ordinal, cancellationToken))
            return null;
        return await reader.GetFieldValueAsync<string>(ordinal, cancellationToken);
    }
}
