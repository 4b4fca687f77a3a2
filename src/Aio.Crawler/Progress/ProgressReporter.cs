using Aio.Crawler.Crawling;
using Spectre.Console;
using static Aio.Asyncio;

namespace Aio.Crawler.Progress;

/// <summary>
/// Progress while a crawl runs: one line redrawn in place on a terminal, a plain line every few seconds when the
/// output is a file or a pipe (logs stay readable).
/// </summary>
internal sealed class ProgressReporter
{
    private readonly CrawlStats _stats;
    private readonly Func<Task<long>> _countQueued;
    private readonly TextWriter _output;
    private readonly bool _terminal;
    private readonly long _started = Environment.TickCount64;

    public ProgressReporter(CrawlStats stats, Func<Task<long>> countQueued, TextWriter output, bool terminal)
    {
        _stats = stats;
        _countQueued = countQueued;
        _output = output;
        _terminal = terminal;
    }

    /// <summary>Reports until <paramref name="crawl"/> ends.</summary>
    public async Task RunAsync(AioTask crawl)
    {
        double every = _terminal ? 0.5 : 5;
        long lastPages = 0;
        long lastAt = Environment.TickCount64;
        // Waiting on the task itself would cancel it when the wait times out (asyncio's rule); an event does not.
        var ended = new AsyncEvent();
        crawl.AddDoneCallback(_ => ended.Set());
        while (!crawl.Done)
        {
            await MoveOnAfter(every, _ => ended.WaitAsync().AsTask());
            long now = Environment.TickCount64;
            double rate = (_stats.Pages - lastPages) * 1000.0 / Math.Max(1, now - lastAt);
            (lastPages, lastAt) = (_stats.Pages, now);
            if (crawl.Done)
            {
                break;
            }

            try
            {
                _stats.Queued = await _countQueued();
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                // A store that fails shows up in the crawl itself; the display keeps its last count.
            }

            string line = Line(rate);
            if (_terminal)
            {
                AnsiConsole.Markup($"\r\u001b[2K[bold]{Markup.Escape(line)}[/]");
            }
            else
            {
                await _output.WriteLineAsync(line);
            }
        }

        if (_terminal)
        {
            AnsiConsole.Markup("\r\u001b[2K");
        }
    }

    private string Line(double rate) =>
        $"{(Environment.TickCount64 - _started) / 1000.0,6:F1}s  pages {_stats.Pages}  {rate:F0}/s  in flight {_stats.InFlight}  " +
        $"queued {_stats.Queued}  errors {_stats.Errors}  {Bytes.Format(_stats.Bytes)}";
}
