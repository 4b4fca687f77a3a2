namespace Aio.Crawler.Export;

/// <summary>The exporter of a <c>--format</c> name.</summary>
public static class ExportFormats
{
    /// <summary>
    /// An exporter writing to <paramref name="stream"/> when given (the binary-safe path), else to
    /// <paramref name="text"/> (text formats only; tests capture it).
    /// </summary>
    public static IExporter Create(string format, Stream? stream, TextWriter text) => format switch
    {
        "jsonl" => new JsonlExporter(stream is null ? text : new StreamWriter(stream)),
        "urls" => new UrlsExporter(stream is null ? text : new StreamWriter(stream)),
        "warc" => new WarcExporter(stream ?? throw new ArgumentException("WARC is binary: give --output or redirect standard output")),
        _ => throw new ArgumentException($"unknown export format '{format}' (jsonl, warc or urls)"),
    };
}
