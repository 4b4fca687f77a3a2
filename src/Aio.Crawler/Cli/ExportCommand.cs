using System.CommandLine;
using Aio.Crawler.Export;

namespace Aio.Crawler.Cli;

/// <summary><c>aio-crawl export --format jsonl|warc|urls</c>: a store's results as a file or on standard output.</summary>
internal static class ExportCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var store = StoreOption.Create();
        var format = new Option<string>("--format", "-f") { Description = "jsonl, warc or urls", DefaultValueFactory = _ => "jsonl" };
        format.AcceptOnlyFromAmong("jsonl", "warc", "urls");
        var file = new Option<FileInfo?>("--output", "-o") { Description = "Write here instead of standard output" };
        var command = new Command("export", "Export a store's results") { store, format, file };
        command.SetAction(parse => StoreCommands.WithStore(parse.GetValue(store)!, error, async opened =>
        {
            var target = parse.GetValue(file);
            await using var stream = target is null ? Console.OpenStandardOutput() : File.Create(target.FullName);
            var exporter = ExportFormats.Create(parse.GetValue(format)!, ReferenceEquals(output, Console.Out) || target is not null ? stream : null, output);
            await exporter.WriteAsync(opened.ReadPagesAsync(CancellationToken.None));
            return ExitCodes.Ok;
        }));
        return command;
    }
}
