using System.CommandLine;
using Aio.Crawler.Progress;
using Aio.Crawler.Storage;

namespace Aio.Crawler.Cli;

/// <summary><c>aio-crawl status</c>: a store's progress, readable while a crawl runs.</summary>
internal static class StatusCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var store = StoreOption.Create();
        var command = new Command("status", "Show a store's progress") { store };
        command.SetAction(parse => StoreCommands.WithStore(parse.GetValue(store)!, error, async opened =>
        {
            var status = await opened.GetStatusAsync(CancellationToken.None);
            Consoles.For(output).Write(SummaryTable.ForStore(status, opened.Description));
            return ExitCodes.Ok;
        }));
        return command;
    }
}
