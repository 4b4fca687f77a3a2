using System.Text.Json;
using Aio.Crawler.Storage;

namespace Aio.Crawler.Export;

/// <summary>One JSON object a line per finished fetch: URL, outcome, status, type, sizes and timing (no bodies).</summary>
public sealed class JsonlExporter(TextWriter output) : IExporter
{
    /// <inheritdoc />
    public async Task WriteAsync(IAsyncEnumerable<StoredPage> pages)
    {
        await foreach (var page in pages)
        {
            var line = new JsonlRecord(page.Url, page.Depth, page.Reason, page.Status, page.ContentType, page.Bytes,
                page.Location, page.Attempts, page.FetchedAt, Math.Round(page.ElapsedMs, 1));
            await output.WriteLineAsync(JsonSerializer.Serialize(line, JsonlRecordContext.Default.JsonlRecord));
        }

        await output.FlushAsync();
    }
}
