using System.CommandLine;

namespace Aio.Crawler.Cli;

/// <summary>The <c>--store</c> option of the commands that read a store.</summary>
internal static class StoreOption
{
    public static Option<string> Create() => new("--store")
    {
        Description = "SQLite file (default crawl.db) or postgresql://user:pass@host/db",
        DefaultValueFactory = _ => "crawl.db",
    };
}
