using System.Collections.Concurrent;

namespace Aio.Crawler.Tests.Site;

/// <summary>
/// What a <see cref="TestSite"/> has served since it started or was last reset. Every member
/// may be used from any thread; the request handlers update it concurrently.
/// </summary>
internal sealed class RequestCounters
{
    private const string CalendarPrefix = "/traps/calendar/";
    private const string SyntheticPrefix = "/s/";

    private readonly ConcurrentDictionary<string, long> _byPath = new(StringComparer.Ordinal);
    private long _calendar;
    private long _synthetic;
    private long _flakyHits;
    private long _endlessBytes;
    private long _hugeBytes;
    private long _dripSeconds;
    private int _openStreams;

    public long CalendarRequests => Interlocked.Read(ref _calendar);

    public long SyntheticRequests => Interlocked.Read(ref _synthetic);

    public long EndlessBytesSent => Interlocked.Read(ref _endlessBytes);

    public long HugeBytesSent => Interlocked.Read(ref _hugeBytes);

    public long DripSecondsServed => Interlocked.Read(ref _dripSeconds);

    public int OpenStreams => Volatile.Read(ref _openStreams);

    public void CountRequest(string path)
    {
        _byPath.AddOrUpdate(path, 1, static (_, n) => n + 1);
        if (path.StartsWith(CalendarPrefix, StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _calendar);
        }
        else if (path.StartsWith(SyntheticPrefix, StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _synthetic);
        }
    }

    public long Requests(string path) => _byPath.TryGetValue(path, out var n) ? n : 0;

    public IReadOnlyDictionary<string, long> Snapshot() => new Dictionary<string, long>(_byPath, StringComparer.Ordinal);

    /// <summary>Counts one request to the flaky page and returns how many there have been since the reset.</summary>
    public long NextFlakyHit() => Interlocked.Increment(ref _flakyHits);

    public void AddEndlessBytes(long bytes) => Interlocked.Add(ref _endlessBytes, bytes);

    public void AddHugeBytes(long bytes) => Interlocked.Add(ref _hugeBytes, bytes);

    /// <summary>Several drips may run at once: like the benchmark server, keep the longest one.</summary>
    public void DripReached(long seconds)
    {
        var seen = Interlocked.Read(ref _dripSeconds);
        while (seconds > seen)
        {
            var previous = Interlocked.CompareExchange(ref _dripSeconds, seconds, seen);
            if (previous == seen)
            {
                return;
            }
            seen = previous;
        }
    }

    public void StreamOpened() => Interlocked.Increment(ref _openStreams);

    public void StreamClosed() => Interlocked.Decrement(ref _openStreams);

    /// <summary>Clears every tally except the open streams, which describe the present, not the past.</summary>
    public void Reset()
    {
        _byPath.Clear();
        Interlocked.Exchange(ref _calendar, 0);
        Interlocked.Exchange(ref _synthetic, 0);
        Interlocked.Exchange(ref _flakyHits, 0);
        Interlocked.Exchange(ref _endlessBytes, 0);
        Interlocked.Exchange(ref _hugeBytes, 0);
        Interlocked.Exchange(ref _dripSeconds, 0);
    }

    /// <summary>The shape of the benchmark server's /__stats: per-path counts except the two
    /// unbounded URL spaces, which are summed, plus the byte and second tallies.</summary>
    public Dictionary<string, long> Stats()
    {
        var stats = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (path, n) in _byPath)
        {
            if (!path.StartsWith(CalendarPrefix, StringComparison.Ordinal)
                && !path.StartsWith(SyntheticPrefix, StringComparison.Ordinal))
            {
                stats[path] = n;
            }
        }
        stats["site_requests"] = SyntheticRequests;
        stats["/traps/calendar/*"] = CalendarRequests;
        stats["drip_seconds_served"] = DripSecondsServed;
        stats["endless_bytes_sent"] = EndlessBytesSent;
        stats["huge_bytes_sent"] = HugeBytesSent;
        return stats;
    }
}
