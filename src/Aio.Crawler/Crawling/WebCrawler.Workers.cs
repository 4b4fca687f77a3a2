using Aio.Crawler.Fetching;
using Aio.Crawler.Storage;
using Aio.Crawler.Urls;
using static Aio.Asyncio;

namespace Aio.Crawler.Crawling;

/// <summary>The worker tasks: robots, politeness, fetch, parse, and the outcome of each leased URL.</summary>
public sealed partial class WebCrawler
{
    /// <summary>Bodies up to this size are parsed on the loop thread.</summary>
    private const int InlineParseLimit = 16 * 1024;

    private async Task WorkAsync()
    {
        try
        {
            while (true)
            {
                Lease lease;
                try
                {
                    lease = await _work.GetAsync();
                }
                catch (QueueShutDown)
                {
                    return;
                }

                var outcome = await ProcessAsync(lease);
                Count(outcome);
                _finished.PutNowait(outcome);
            }
        }
        finally
        {
            if (--_workersRunning == 0)
            {
                _finished.Shutdown();
            }
        }
    }

    private async Task<PageOutcome> ProcessAsync(Lease lease)
    {
        var stopping = CurrentTask()!.CancellationToken;
        string host = UrlHost.Of(lease.Url);
        var delay = _options.Delay;
        if (!_options.IgnoreRobots)
        {
            var rules = await _robots!.RulesFor(lease.Url);
            if (rules is null)
            {
                return Outcome(lease, new FetchResult
                {
                    Reason = FetchReasons.ConnectionError,
                    Detail = _robots.UnreachableDetail(lease.Url),
                    StartedAt = DateTimeOffset.UtcNow,
                }, []);
            }

            if (!rules.IsAllowed(lease.Url))
            {
                return Outcome(lease, new FetchResult { Reason = FetchReasons.Robots, StartedAt = DateTimeOffset.UtcNow }, []);
            }

            if (rules.CrawlDelay is { } crawlDelay && crawlDelay > delay)
            {
                delay = crawlDelay;
            }
        }

        FetchResult result;
        Stats.InFlight++;
        try
        {
            using (await _gate.EnterAsync(host, delay, stopping))
            {
                result = await _fetcher.FetchAsync(lease.Url, anyContentType: false, stopping);
            }
        }
        finally
        {
            Stats.InFlight--;
        }

        if (result.Reason == FetchReasons.Redirect)
        {
            return Redirected(lease, result);
        }

        if (result.Reason == FetchReasons.Ok && result.Status == 200 && ContentTypes.IsHtml(result.ContentType) && result.Body is { } body)
        {
            List<string> found;
            try
            {
                // A small page is tokenized in tens of microseconds and needs no hand-off to a thread and back;
                // a large one goes to the thread pool so that it does not hold up the loop.
                found = body.Length <= InlineParseLimit
                    ? PageParser.Links(lease.Url, body, result.Charset, _scope)
                    : await ToThread(() => PageParser.Links(lease.Url, body, result.Charset, _scope));
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                // The page was fetched; markup the parser cannot take costs its links, not the crawl.
                found = [];
            }

            return Outcome(lease, result, Frontier(found, lease.Depth + 1));
        }

        return Outcome(lease, result, []);
    }

    private PageOutcome Redirected(Lease lease, FetchResult result)
    {
        string? target = UrlNormalizer.Resolve(lease.Url, result.Location!);
        if (target is null)
        {
            return Outcome(lease, result, [], FetchReasons.InvalidUrl);
        }

        if (lease.RedirectHops + 1 > _options.MaxRedirects)
        {
            return Outcome(lease, result, [], FetchReasons.TooManyRedirects, target);
        }

        var links = _scope.Contains(target) && _seen.Add(target)
            ? new[] { new FrontierEntry(target, lease.Depth, lease.RedirectHops + 1) }
            : [];
        return Outcome(lease, result, links, location: target);
    }

    private List<FrontierEntry> Frontier(List<string> urls, int depth)
    {
        var entries = new List<FrontierEntry>();
        bool tooDeep = _options.MaxDepth > 0 && depth > _options.MaxDepth;
        foreach (string url in urls)
        {
            if (_seen.Add(url))
            {
                entries.Add(new FrontierEntry(url, depth, 0, tooDeep ? FetchReasons.MaxDepth : null));
            }
        }

        return entries;
    }

    private PageOutcome Outcome(
        Lease lease, FetchResult result, IReadOnlyList<FrontierEntry> links, string? reason = null, string? location = null)
    {
        if (lease.Depth == 0 && _seedSet.Contains(lease.Url))
        {
            _seedOutcomes[lease.Url] = (reason ?? result.Reason, result.Detail);
        }

        return new()
        {
            Id = lease.Id,
            Url = lease.Url,
            Depth = lease.Depth,
            Reason = reason ?? result.Reason,
            Status = result.Status,
            ContentType = result.ContentType,
            Bytes = result.Bytes,
            Body = _options.KeepBodies ? result.Body : null,
            RequestHeaders = result.RequestHeaders,
            ResponseHeaders = result.ResponseHeaders,
            Location = location ?? result.Location,
            Attempts = result.Attempts,
            FetchedAt = result.StartedAt,
            ElapsedMs = result.ElapsedMs,
            Links = links,
        };
    }

    private void Count(PageOutcome outcome)
    {
        Stats.Fetched++;
        Stats.Bytes += outcome.Bytes;
        if (outcome.IsHtmlPage)
        {
            Stats.Pages++;
        }

        if (IsFailure(outcome.Reason))
        {
            Stats.Errors++;
        }

        Stats.ByReason[outcome.Reason] = Stats.ByReason.GetValueOrDefault(outcome.Reason) + 1;
    }

    private static bool IsFailure(string reason) => reason is FetchReasons.Timeout or FetchReasons.IdleTimeout
        or FetchReasons.ConnectionError or FetchReasons.HttpError or FetchReasons.TooLarge
        or FetchReasons.TooManyRedirects or FetchReasons.InvalidUrl;
}
