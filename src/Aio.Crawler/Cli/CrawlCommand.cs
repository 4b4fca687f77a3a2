using System.CommandLine;
using System.Diagnostics;
using Aio.Crawler.Crawling;
using Aio.Crawler.Progress;
using Aio.Crawler.Storage;
using Spectre.Console;
using static Aio.Asyncio;

namespace Aio.Crawler.Cli;

/// <summary><c>aio-crawl crawl URL...</c>: crawls into a store; the same command on the same store resumes.</summary>
internal static class CrawlCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var binder = new CrawlOptionsBinder();
        var command = new Command("crawl", "Crawl from the given URLs into a store (re-run to resume)");
        binder.AddTo(command);
        command.SetAction(parse =>
        {
            CrawlOptions options;
            try
            {
                options = binder.Bind(parse);
            }
            catch (ArgumentException bad)
            {
                error.WriteLine($"aio-crawl: {bad.Message}");
                return ExitCodes.BadInput;
            }

            return Run(options, parse.GetValue(binder.Store)!, parse.GetValue(binder.Quiet), output, error);
        });
        return command;
    }

    public static int Run(CrawlOptions options, string storeName, bool quiet, TextWriter output, TextWriter error)
    {
        WebCrawler crawler;
        var store = StoreFactory.Create(storeName);
        try
        {
            crawler = new WebCrawler(options, store);
        }
        catch (ArgumentException bad)
        {
            error.WriteLine($"aio-crawl: {bad.Message}");
            return ExitCodes.BadInput;
        }

        var console = Consoles.For(output);
        bool terminal = !quiet && ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;
        var clock = Stopwatch.StartNew();
        try
        {
            using (crawler)
            {
                var final = Asyncio.Run(async () =>
                {
                    await using (store)
                    {
                        var crawl = CreateTask(crawler.RunAsync, "crawl");
                        if (!quiet)
                        {
                            var queued = () => store.CountQueuedAsync(CancellationToken.None);
                            await new ProgressReporter(crawler.Stats, queued, error, terminal).RunAsync(crawl);
                        }

                        return await crawl;
                    }
                });
                console.Write(SummaryTable.ForRun(crawler.Stats, final, clock.Elapsed, store.Description));
                if (crawler.FailedSeeds.Count > 0)
                {
                    foreach (var (seed, reason) in crawler.FailedSeeds)
                    {
                        error.WriteLine($"aio-crawl: could not fetch {seed}: {reason}");
                    }

                    return ExitCodes.SeedsUnreachable;
                }

                return ExitCodes.Ok;
            }
        }
        catch (StoreUnavailableException unavailable)
        {
            error.WriteLine($"aio-crawl: {unavailable.Message}");
            return ExitCodes.StoreUnavailable;
        }
        catch (KeyboardInterrupt)
        {
            error.WriteLine("aio-crawl: interrupted; finished pages are saved, run the same command to resume");
            return ExitCodes.Interrupted;
        }
    }
}
