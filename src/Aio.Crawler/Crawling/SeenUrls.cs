using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace Aio.Crawler.Crawling;

/// <summary>
/// URLs this process already handed to the store, kept as 64-bit hashes: most links on a page are known, and
/// skipping them here saves a store statement each while costing ~20 bytes per URL instead of the URL's string.
/// The store stays the authority on what is known; a hash collision (odds ~n²/2^65 for n URLs) would make one new
/// URL look known.
/// </summary>
internal sealed class SeenUrls
{
    private readonly HashSet<ulong> _hashes = [];

    /// <summary>Adds <paramref name="url"/>; false when it was seen before.</summary>
    public bool Add(string url) => _hashes.Add(XxHash3.HashToUInt64(MemoryMarshal.AsBytes(url.AsSpan())));

    public int Count => _hashes.Count;
}
