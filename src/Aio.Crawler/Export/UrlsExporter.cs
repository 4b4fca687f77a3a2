using Aio.Crawler.Storage;

namespace Aio.Crawler.Export;

/// <summary>The URLs of the 200 HTML pages, one a line (what <c>--urls-out</c> writes during the crawl).</summary>
public sealed class UrlsExporter(TextWriter output) : IExporter
{
    /// <inheritdoc />
    public async Task WriteAsync(IAsyncEnumerable<StoredPage> pages)
    {
        await foreach (var page in pages)
        {
            if (page.Status == 200 && page.Reason == FetchReasons.Ok && ContentTypes.IsHtml(page.ContentType))
            {
                await output.WriteLineAsync(page.Url);
            }
        }

        await output.FlushAsync();
    }
}
