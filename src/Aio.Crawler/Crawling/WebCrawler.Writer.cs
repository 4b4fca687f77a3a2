using Aio.Crawler.Storage;
using static Aio.Asyncio;

namespace Aio.Crawler.Crawling;

/// <summary>The writer and the renewer: outcomes committed in batches, held leases kept alive, leftovers saved on a stop.</summary>
public sealed partial class WebCrawler
{
    private async Task WriteAsync()
    {
        var batch = new List<PageOutcome>();
        try
        {
            while (true)
            {
                try
                {
                    batch.Add(await _finished.GetAsync());
                }
                catch (QueueShutDown)
                {
                    return;
                }

                while (!_finished.Empty && batch.Count < 512)
                {
                    batch.Add(_finished.GetNowait());
                }

                await CommitAsync(batch);
            }
        }
        finally
        {
            _writerDone.Set();
        }
    }

    /// <summary>Appends the batch's pages to --urls-out, then commits it: a kill in between refetches, never loses.</summary>
    private async Task CommitAsync(List<PageOutcome> batch)
    {
        if (_urlsOut is not null)
        {
            foreach (var outcome in batch)
            {
                if (outcome.IsHtmlPage)
                {
                    await _urlsOut.WriteAsync(outcome.Url);
                    await _urlsOut.WriteAsync('\n');
                }
            }

            await _urlsOut.FlushAsync(CancellationToken.None);
        }

        await _store.CompleteAsync(_options.WorkerId, batch, CancellationToken.None);
        foreach (var outcome in batch)
        {
            _held.Remove(outcome.Id);
        }

        _outstanding -= batch.Count;
        batch.Clear();
        _progress.Set();
    }

    private async Task RenewAsync()
    {
        double every = Math.Max(0.05, _options.LeaseDuration.TotalSeconds / 3);
        while (!_writerDone.IsSet)
        {
            await MoveOnAfter(every, _ => _writerDone.WaitAsync().AsTask());
            if (!_writerDone.IsSet && _held.Count > 0)
            {
                await _store.RenewAsync(_options.WorkerId, _held.ToArray(), _options.LeaseDuration, default);
            }
        }
    }

    /// <summary>After a stop: records what was finished but not written, and hands the other leases back.</summary>
    private async Task SaveWhatIsLeftAsync()
    {
        var batch = new List<PageOutcome>();
        while (!_finished.Empty)
        {
            batch.Add(_finished.GetNowait());
        }

        if (batch.Count > 0)
        {
            await CommitAsync(batch);
        }

        if (_held.Count > 0)
        {
            await _store.ReleaseAsync(_options.WorkerId, _held.ToArray(), CancellationToken.None);
            _outstanding -= _held.Count;
            _leasedThisRun -= _held.Count;
            _held.Clear();
        }
    }
}
