using Aio.Crawler.Storage;
using static Aio.Asyncio;

namespace Aio.Crawler.Crawling;

/// <summary>
/// Per-host politeness: at most <c>--per-host</c> requests in flight to one host, and, when a delay applies
/// (<c>--delay</c> or robots.txt's Crawl-delay), fetch slots reserved through the store so every worker on a
/// shared store keeps the spacing. Loop-thread only.
/// </summary>
internal sealed class HostGate
{
    private readonly Dictionary<string, AsyncSemaphore> _slots = new(StringComparer.Ordinal);
    private readonly int _perHost;
    private readonly ICrawlStore _store;

    public HostGate(int perHost, ICrawlStore store)
    {
        _perHost = perHost;
        _store = store;
    }

    /// <summary>Waits for a slot on <paramref name="host"/>; dispose the result when the request is done.</summary>
    public async Task<HostSlot> EnterAsync(string host, TimeSpan delay, CancellationToken cancellationToken)
    {
        if (!_slots.TryGetValue(host, out var slots))
        {
            slots = new AsyncSemaphore(_perHost);
            _slots[host] = slots;
        }

        await slots.AcquireAsync(cancellationToken);
        try
        {
            if (delay > TimeSpan.Zero)
            {
                var wait = await _store.ReserveHostSlotAsync(host, delay, cancellationToken);
                if (wait > TimeSpan.Zero)
                {
                    await Sleep(wait, cancellationToken);
                }
            }
        }
        catch
        {
            slots.Release();
            throw;
        }

        return new HostSlot(slots);
    }
}
