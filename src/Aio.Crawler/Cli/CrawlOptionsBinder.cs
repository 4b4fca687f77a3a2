using System.CommandLine;
using System.Text.RegularExpressions;
using Aio.Crawler.Crawling;

namespace Aio.Crawler.Cli;

/// <summary>The <c>crawl</c> command's options and their mapping to <see cref="CrawlOptions"/>.</summary>
internal sealed class CrawlOptionsBinder
{
    private static readonly CrawlOptions Defaults = new();

    public Argument<string[]> Urls { get; } = new("url") { Description = "URLs to start from", Arity = ArgumentArity.ZeroOrMore };
    public Option<FileInfo?> UrlsFile { get; } = new("--urls-file") { Description = "Read more start URLs from a file, one a line" };
    public Option<string> Store { get; } = new("--store") { Description = "SQLite file (default crawl.db), :memory:, or postgresql://user:pass@host/db", DefaultValueFactory = _ => "crawl.db" };
    public Option<string[]> Allow { get; } = new("--allow") { Description = "Follow only URLs matching a regex (replaces same-host scope)", AllowMultipleArgumentsPerToken = true };
    public Option<string[]> Deny { get; } = new("--deny") { Description = "Never follow URLs matching a regex", AllowMultipleArgumentsPerToken = true };
    public Option<int> MaxDepth { get; } = new("--max-depth") { Description = "Deepest link depth (0 = unlimited)" };
    public Option<long> MaxPages { get; } = new("--max-pages") { Description = "Most URLs to finish, resumed runs included (0 = unlimited)" };
    public Option<long> MaxBytes { get; } = new("--max-bytes") { Description = "Largest response body read", DefaultValueFactory = _ => Defaults.MaxBytes };
    public Option<string> ContentTypes { get; } = new("--content-types") { Description = "Comma-separated media types to download", DefaultValueFactory = _ => string.Join(',', Defaults.ContentTypes) };
    public Option<int> Concurrency { get; } = new("--concurrency", "-c") { Description = "Requests in flight at once", DefaultValueFactory = _ => Defaults.Concurrency };
    public Option<int> PerHost { get; } = new("--per-host") { Description = "Requests in flight to one host (0 = --concurrency)" };
    public Option<double> Delay { get; } = new("--delay") { Description = "Seconds between requests to one host" };
    public Option<bool> IgnoreRobots { get; } = new("--ignore-robots") { Description = "Do not obey robots.txt" };
    public Option<string> UserAgent { get; } = new("--user-agent") { Description = "User-Agent header and robots.txt name", DefaultValueFactory = _ => Defaults.UserAgent };
    public Option<double> ConnectTimeout { get; } = new("--connect-timeout") { Description = "Seconds to connect", DefaultValueFactory = _ => Defaults.ConnectTimeout.TotalSeconds };
    public Option<double> Timeout { get; } = new("--timeout") { Description = "Seconds for a whole request", DefaultValueFactory = _ => Defaults.RequestTimeout.TotalSeconds };
    public Option<double> IdleTimeout { get; } = new("--idle-timeout") { Description = "Seconds without a byte before a response is abandoned", DefaultValueFactory = _ => Defaults.IdleTimeout.TotalSeconds };
    public Option<int> Retries { get; } = new("--retries") { Description = "Retries on connection errors, timeouts, 5xx and 429", DefaultValueFactory = _ => Defaults.Retries };
    public Option<int> MaxRedirects { get; } = new("--max-redirects") { Description = "Redirect hops followed", DefaultValueFactory = _ => Defaults.MaxRedirects };
    public Option<bool> NoBodies { get; } = new("--no-bodies") { Description = "Do not keep bodies and headers in the store (no WARC export)" };
    public Option<FileInfo?> UrlsOut { get; } = new("--urls-out") { Description = "Append each 200 HTML page's URL to this file as the crawl goes" };
    public Option<double> Lease { get; } = new("--lease") { Description = "Seconds a lease lasts unrenewed (a dead worker's URLs return after it)", DefaultValueFactory = _ => Defaults.LeaseDuration.TotalSeconds };
    public Option<bool> Quiet { get; } = new("--quiet", "-q") { Description = "No progress, only the summary" };

    public void AddTo(Command command)
    {
        command.Arguments.Add(Urls);
        foreach (var option in new Option[]
        {
            UrlsFile, Store, Allow, Deny, MaxDepth, MaxPages, MaxBytes, ContentTypes, Concurrency, PerHost, Delay,
            IgnoreRobots, UserAgent, ConnectTimeout, Timeout, IdleTimeout, Retries, MaxRedirects, NoBodies, UrlsOut,
            Lease, Quiet,
        })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The options of a parsed command line; <see cref="ArgumentException"/> names what is wrong.</summary>
    public CrawlOptions Bind(ParseResult parse)
    {
        var seeds = new List<string>(parse.GetValue(Urls) ?? []);
        if (parse.GetValue(UrlsFile) is { } file)
        {
            if (!file.Exists)
            {
                throw new ArgumentException($"--urls-file: no file {file.FullName}");
            }

            seeds.AddRange(File.ReadLines(file.FullName).Select(line => line.Trim()).Where(line => line.Length > 0 && line[0] != '#'));
        }

        return new CrawlOptions
        {
            Seeds = seeds,
            Allow = Patterns(parse.GetValue(Allow), "--allow"),
            Deny = Patterns(parse.GetValue(Deny), "--deny"),
            MaxDepth = NonNegative(parse.GetValue(MaxDepth), "--max-depth"),
            MaxPages = NonNegative(parse.GetValue(MaxPages), "--max-pages"),
            MaxBytes = Positive(parse.GetValue(MaxBytes), "--max-bytes"),
            ContentTypes = parse.GetValue(ContentTypes)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            Concurrency = (int)Positive(parse.GetValue(Concurrency), "--concurrency"),
            PerHost = NonNegative(parse.GetValue(PerHost), "--per-host"),
            Delay = Seconds(parse.GetValue(Delay), "--delay", allowZero: true),
            IgnoreRobots = parse.GetValue(IgnoreRobots),
            UserAgent = parse.GetValue(UserAgent)!,
            ConnectTimeout = Seconds(parse.GetValue(ConnectTimeout), "--connect-timeout"),
            RequestTimeout = Seconds(parse.GetValue(Timeout), "--timeout"),
            IdleTimeout = Seconds(parse.GetValue(IdleTimeout), "--idle-timeout"),
            Retries = NonNegative(parse.GetValue(Retries), "--retries"),
            MaxRedirects = NonNegative(parse.GetValue(MaxRedirects), "--max-redirects"),
            KeepBodies = !parse.GetValue(NoBodies),
            UrlsOut = parse.GetValue(UrlsOut)?.FullName,
            LeaseDuration = Seconds(parse.GetValue(Lease), "--lease"),
        };
    }

    private static Regex[] Patterns(string[]? patterns, string option) => (patterns ?? []).Select(pattern =>
    {
        try
        {
            return new Regex(pattern, RegexOptions.Compiled | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException error)
        {
            throw new ArgumentException($"{option}: not a valid regular expression '{pattern}': {error.Message}");
        }
    }).ToArray();

    private static T NonNegative<T>(T value, string option)
        where T : System.Numerics.INumber<T> =>
        value < T.Zero ? throw new ArgumentException($"{option} must not be negative (got {value})") : value;

    private static T Positive<T>(T value, string option)
        where T : System.Numerics.INumber<T> =>
        value <= T.Zero ? throw new ArgumentException($"{option} must be positive (got {value})") : value;

    private static TimeSpan Seconds(double value, string option, bool allowZero = false) =>
        double.IsNaN(value) || value < 0 || (!allowZero && value == 0)
            ? throw new ArgumentException($"{option} must be a positive number of seconds (got {value})")
            : TimeSpan.FromSeconds(value);
}
