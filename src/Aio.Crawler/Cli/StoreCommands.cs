using Aio.Crawler.Storage;

namespace Aio.Crawler.Cli;

/// <summary>Runs a command body against an existing store, opened read-only, with the CLI's error handling.</summary>
internal static class StoreCommands
{
    public static int WithStore(string storeName, TextWriter error, Func<ICrawlStore, Task<int>> body)
    {
        if (!StoreFactory.IsPostgres(storeName) && storeName != ":memory:" && !File.Exists(storeName))
        {
            error.WriteLine($"aio-crawl: no store at {storeName}");
            return ExitCodes.StoreUnavailable;
        }

        try
        {
            return Asyncio.Run(async () =>
            {
                await using var store = StoreFactory.Create(storeName, readOnly: true);
                await store.OpenAsync(CancellationToken.None);
                return await body(store);
            });
        }
        catch (StoreUnavailableException unavailable)
        {
            error.WriteLine($"aio-crawl: {unavailable.Message}");
            return ExitCodes.StoreUnavailable;
        }
    }
}
