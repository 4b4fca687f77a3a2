using Aio;

namespace Aio.Crawler.Crawling;

/// <summary>A held per-host slot; disposing it lets the next request to the host go.</summary>
internal readonly struct HostSlot(AsyncSemaphore slots) : IDisposable
{
    public void Dispose() => slots.Release();
}
