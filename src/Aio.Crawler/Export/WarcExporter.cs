using System.Text;
using Aio.Crawler.Storage;

namespace Aio.Crawler.Export;

/// <summary>
/// WARC/1.1 (ISO 28500): a warcinfo record, then for each fetch that kept its headers a request record and a
/// response record tied by WARC-Concurrent-To. The response block holds the body as stored, which is the decoded
/// payload (chunking and content coding removed), so its framing headers are rewritten to match it.
/// </summary>
public sealed class WarcExporter(Stream output) : IExporter
{
    private static readonly byte[] RecordEnd = "\r\n\r\n"u8.ToArray();

    /// <inheritdoc />
    public async Task WriteAsync(IAsyncEnumerable<StoredPage> pages)
    {
        string info = NewId();
        await WriteRecordAsync(Header("warcinfo", info, null, DateTimeOffset.UtcNow, "application/warc-fields", null),
            Encoding.UTF8.GetBytes("software: aio-crawl\r\nformat: WARC File Format 1.1\r\n"), null);
        await foreach (var page in pages)
        {
            if (page.RequestHeaders is null || page.ResponseHeaders is null)
            {
                continue;
            }

            string requestId = NewId();
            string responseId = NewId();
            await WriteRecordAsync(
                Header("request", requestId, page.Url, page.FetchedAt, "application/http;msgtype=request", responseId, info),
                Encoding.UTF8.GetBytes(page.RequestHeaders + "\r\n"), null);
            byte[] body = page.Body ?? [];
            await WriteRecordAsync(
                Header("response", responseId, page.Url, page.FetchedAt, "application/http;msgtype=response", requestId, info),
                Encoding.UTF8.GetBytes(Reframe(page.ResponseHeaders, body.Length) + "\r\n"), body);
        }

        await output.FlushAsync();
    }

    private async Task WriteRecordAsync(StringBuilder header, byte[] block, byte[]? payload)
    {
        long length = block.Length + (payload?.Length ?? 0);
        header.Append("Content-Length: ").Append(length).Append("\r\n\r\n");
        await output.WriteAsync(Encoding.UTF8.GetBytes(header.ToString()));
        await output.WriteAsync(block);
        if (payload is not null)
        {
            await output.WriteAsync(payload);
        }

        await output.WriteAsync(RecordEnd);
    }

    private static StringBuilder Header(
        string type, string id, string? target, DateTimeOffset date, string contentType, string? concurrentTo, string? info = null)
    {
        var header = new StringBuilder(256);
        header.Append("WARC/1.1\r\n");
        header.Append("WARC-Type: ").Append(type).Append("\r\n");
        header.Append("WARC-Record-ID: ").Append(id).Append("\r\n");
        header.Append("WARC-Date: ").Append(date.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'")).Append("\r\n");
        if (target is not null)
        {
            header.Append("WARC-Target-URI: ").Append(target).Append("\r\n");
        }

        if (concurrentTo is not null)
        {
            header.Append("WARC-Concurrent-To: ").Append(concurrentTo).Append("\r\n");
        }

        if (info is not null)
        {
            header.Append("WARC-Warcinfo-ID: ").Append(info).Append("\r\n");
        }

        header.Append("Content-Type: ").Append(contentType).Append("\r\n");
        return header;
    }

    /// <summary>The stored status line and headers with the body's real framing: no chunking, no coding, its length.</summary>
    private static string Reframe(string responseHeaders, int bodyLength)
    {
        var lines = responseHeaders.Split("\r\n", StringSplitOptions.RemoveEmptyEntries)
            .Where(line => !line.StartsWith("Transfer-Encoding:", StringComparison.OrdinalIgnoreCase)
                && !line.StartsWith("Content-Encoding:", StringComparison.OrdinalIgnoreCase)
                && !line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
        return string.Join("\r\n", lines) + $"\r\nContent-Length: {bodyLength}\r\n";
    }

    private static string NewId() => $"<urn:uuid:{Guid.NewGuid()}>";
}
