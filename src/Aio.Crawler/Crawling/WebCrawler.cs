using Aio.Crawler.Fetching;
using Aio.Crawler.Storage;
using Aio.Crawler.Urls;
using static Aio.Asyncio;

namespace Aio.Crawler.Crawling;

/// <summary>
/// One crawl on the running Aio loop. A feeder leases URLs from the store (never more than the workers can take
/// soon, so the frontier stays in the store, not in memory); <c>--concurrency</c> worker tasks fetch and parse
/// (a large page is parsed on the thread pool so the loop keeps serving sockets); one writer records outcomes in batched
/// transactions, appending <c>--urls-out</c> lines just before each commit, so a kill loses no page and refetches
/// at most the batch in flight; a renewer keeps the held leases alive. All of it is one task group: the first
/// failure (a store that goes away) or a cancellation stops everything, and what was finished is still recorded.
/// </summary>
public sealed partial class WebCrawler : IDisposable
{
    private readonly CrawlOptions _options;
    private readonly ICrawlStore _store;
    private readonly Fetcher _fetcher;
    private readonly HostGate _gate;
    private readonly SeenUrls _seen = new();
    private readonly Scope _scope;
    private readonly List<string> _seeds;
    private readonly HashSet<string> _seedSet;
    private readonly AsyncQueue<Lease> _work = new();
    private readonly AsyncQueue<PageOutcome> _finished = new();
    private readonly AsyncEvent _progress = new();
    private readonly AsyncEvent _writerDone = new();
    private readonly HashSet<long> _held = [];
    private readonly Dictionary<string, (string Reason, string? Detail)> _seedOutcomes = new(StringComparer.Ordinal);
    private RobotsCache? _robots;
    private StreamWriter? _urlsOut;
    private int _outstanding;
    private int _workersRunning;
    private long _leasedThisRun;

    /// <summary>A crawl of <paramref name="options"/>'s seeds into <paramref name="store"/> (not yet opened).</summary>
    /// <param name="options">What to crawl and how.</param>
    /// <param name="store">Where the frontier and results live.</param>
    /// <param name="handler">The HTTP handler to use instead of the crawl's own connection pool (tests).</param>
    /// <exception cref="ArgumentException">A seed is not an http(s) URL.</exception>
    public WebCrawler(CrawlOptions options, ICrawlStore store, HttpMessageHandler? handler = null)
    {
        if (options.Seeds.Count == 0)
        {
            throw new ArgumentException("no URL to crawl: give at least one URL or --urls-file");
        }

        _seeds = options.Seeds
            .Select(seed => UrlNormalizer.Normalize(seed) ?? throw new ArgumentException($"not an http(s) URL: '{seed}'"))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        _seedSet = new HashSet<string>(_seeds, StringComparer.Ordinal);
        _options = options;
        _store = store;
        _fetcher = new Fetcher(options, handler) { OnRetry = () => Stats.Retries++ };
        _gate = new HostGate(options.EffectivePerHost, store);
        _scope = new Scope(options, _seeds);
    }

    /// <summary>Live counters, for progress displays.</summary>
    public CrawlStats Stats { get; } = new();

    /// <summary>The normalised seeds.</summary>
    public IReadOnlyList<string> Seeds => _seeds;

    /// <summary>
    /// Seeds fetched in this run that gave no page, with the reason (an unreachable seed). Empty when any seed
    /// gave something or none was fetched in this run (a resumed crawl).
    /// </summary>
    public IReadOnlyDictionary<string, string> FailedSeeds =>
        _seedOutcomes.Count == _seeds.Count && _seedOutcomes.Values.All(outcome => IsFailure(outcome.Reason))
            ? _seedOutcomes.ToDictionary(
                seed => seed.Key,
                seed => seed.Value.Detail is null ? seed.Value.Reason : $"{seed.Value.Reason} ({seed.Value.Detail})")
            : new Dictionary<string, string>();

    /// <summary>Crawls until the frontier is exhausted (every worker on the store included) or a limit is reached.</summary>
    public async Task<StoreStatus> RunAsync()
    {
        var stopping = CurrentTask()?.CancellationToken ?? CancellationToken.None;
        _robots = new RobotsCache(_fetcher, _options.UserAgent, stopping);
        await _store.OpenAsync(stopping);
        var before = await _store.GetStatusAsync(stopping);
        Stats.FetchedBefore = before.Finished;
        Stats.Queued = before.Queued;
        var seeds = _seeds.Select(url => new FrontierEntry(url, 0)).ToList();
        _seeds.ForEach(url => _seen.Add(url));
        await _store.AddAsync(seeds, stopping);
        if (_options.UrlsOut is { } path)
        {
            _urlsOut = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite));
        }

        try
        {
            await TaskGroup.RunAsync(group =>
            {
                group.StartSoon(FeedAsync);
                _workersRunning = _options.Concurrency;
                for (int i = 0; i < _options.Concurrency; i++)
                {
                    group.StartSoon(WorkAsync);
                }

                group.StartSoon(WriteAsync);
                group.StartSoon(RenewAsync);
                return Task.CompletedTask;
            });
        }
        finally
        {
            await SaveWhatIsLeftAsync();
            if (_urlsOut is not null)
            {
                await _urlsOut.DisposeAsync();
            }
        }

        return await _store.GetStatusAsync(CancellationToken.None);
    }

    private const double MinIdlePoll = 0.02;
    private const double MaxIdlePoll = 1.0;

    /// <summary>URLs still allowed by --max-pages: every lease of this run counts, as finished or about to be.</summary>
    private long Budget => _options.MaxPages <= 0 ? long.MaxValue : _options.MaxPages - Stats.FetchedBefore - _leasedThisRun;

    private async Task FeedAsync()
    {
        int limit = _options.Concurrency + Math.Max(4, _options.Concurrency / 2);
        double idlePoll = MinIdlePoll;
        while (true)
        {
            _progress.Clear();
            long room = Math.Min(limit - _outstanding, Budget);
            if (room <= 0 && _options.MaxPages > 0 && Budget <= 0 && _outstanding == 0)
            {
                break;
            }

            if (room > 0)
            {
                var leases = await _store.LeaseAsync(_options.WorkerId, (int)room, _options.LeaseDuration, default);
                if (leases.Count > 0)
                {
                    idlePoll = MinIdlePoll;
                    _outstanding += leases.Count;
                    _leasedThisRun += leases.Count;
                    foreach (var lease in leases)
                    {
                        _held.Add(lease.Id);
                        _work.PutNowait(lease);
                    }

                    continue;
                }

                if (_outstanding == 0)
                {
                    var status = await _store.GetStatusAsync(default);
                    Stats.Queued = status.Queued;
                    if (status.IsComplete)
                    {
                        break;
                    }

                    // Other workers on the store hold leases: their links may still come, or their leases expire.
                    // Ask again soon at first (a worker that starts beside another finds work within ms), then
                    // back off so idle workers do not load the shared store.
                    await MoveOnAfter(idlePoll, _ => _progress.WaitAsync().AsTask());
                    idlePoll = Math.Min(MaxIdlePoll, idlePoll * 2);
                    continue;
                }
            }

            await _progress.WaitAsync();
        }

        _work.Shutdown();
    }

    /// <inheritdoc />
    public void Dispose() => _fetcher.Dispose();
}
