using Aio.Crawler.Storage;

namespace Aio.Crawler.Export;

/// <summary>Writes a store's finished fetches in one export format.</summary>
public interface IExporter
{
    /// <summary>Writes every page of <paramref name="pages"/>, streaming (bodies are not all held in memory).</summary>
    Task WriteAsync(IAsyncEnumerable<StoredPage> pages);
}
