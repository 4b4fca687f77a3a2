using System.CommandLine;

namespace Aio.Crawler.Cli;

/// <summary>The <c>aio-crawl</c> command line: <c>crawl</c>, <c>status</c> and <c>export</c>.</summary>
public static class CrawlerApp
{
    /// <summary>Parses <paramref name="args"/> and runs the command; returns the process exit code.</summary>
    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var root = new RootCommand("aio-crawl: a high-concurrency web crawler on Aio")
        {
            CrawlCommand.Create(output, error),
            StatusCommand.Create(output, error),
            ExportCommand.Create(output, error),
        };
        var config = new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false };
        return root.Parse(args).InvokeAsync(config);
    }
}
