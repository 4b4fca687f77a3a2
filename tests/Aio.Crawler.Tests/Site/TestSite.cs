using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Aio.Crawler.Tests.Site;

/// <summary>
/// An in-process web site on 127.0.0.1 (a port the OS picks) for crawler tests: synthetic
/// sites of known shape under /s/ and crawler traps under /traps/, with counters of what was
/// requested and sent. It behaves as the Python benchmark server does.
/// </summary>
public sealed class TestSite : IAsyncDisposable
{
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(5);

    private readonly WebApplication _app;
    private readonly RequestCounters _counters = new();
    private readonly CancellationTokenSource _disposing = new();
    private int _disposed;

    private TestSite(WebApplication app, TestSiteOptions options)
    {
        _app = app;
        Options = options;
    }

    /// <summary>The root of the site, <c>http://127.0.0.1:PORT/</c>.</summary>
    public Uri BaseUri { get; private set; } = null!;

    /// <summary>The options the site runs with.</summary>
    public TestSiteOptions Options { get; }

    /// <summary>Requests to any /traps/calendar/ page, all months together.</summary>
    public long CalendarRequests => _counters.CalendarRequests;

    /// <summary>Requests to any synthetic-site URL (under /s/).</summary>
    public long SyntheticRequests => _counters.SyntheticRequests;

    /// <summary>Body bytes /traps/endless.html has handed to the connection.</summary>
    public long EndlessBytesSent => _counters.EndlessBytesSent;

    /// <summary>Body bytes /traps/huge.bin has handed to the connection.</summary>
    public long HugeBytesSent => _counters.HugeBytesSent;

    /// <summary>Seconds the longest /traps/slow-drip.html response has dripped.</summary>
    public long DripSecondsServed => _counters.DripSecondsServed;

    /// <summary>Drip, endless and huge responses still being written; 0 once every client has
    /// been let go, which is what a test waits for before reading the byte counters.</summary>
    public int OpenStreamingResponses => _counters.OpenStreams;

    /// <summary>A snapshot of the requests per decoded path (e.g. "/traps/café.html"), control URLs excepted.</summary>
    public IReadOnlyDictionary<string, long> RequestCounts => _counters.Snapshot();

    /// <summary>Starts a site and returns once it accepts connections.</summary>
    public static async Task<TestSite> StartAsync(TestSiteOptions? options = null)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrelCore().UseUrls("http://127.0.0.1:0");
        builder.Services.AddRoutingCore();
        var site = new TestSite(builder.Build(), options ?? new TestSiteOptions());
        site.Configure();
        await site._app.StartAsync();
        var addresses = site._app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>();
        site.BaseUri = new Uri(addresses.Addresses.Single().TrimEnd('/') + "/");
        return site;
    }

    /// <summary>The ground truth of a synthetic site: the paths of its index and of every page.</summary>
    /// <param name="site">A site name such as <c>n2000-k10-l50</c>.</param>
    public static IReadOnlyList<string> SyntheticPaths(string site)
    {
        var name = SyntheticSiteName.TryParse(site)
            ?? throw new ArgumentException($"not a synthetic site name: {site}", nameof(site));
        var paths = new List<string>(name.Pages + 1) { $"/s/{site}/index.html" };
        for (var i = 0; i < name.Pages; i++)
        {
            paths.Add($"/s/{site}/p/{i}.html");
        }
        return paths;
    }

    /// <summary>The absolute URL of <paramref name="path"/> on this site, escaped as a client sends it.</summary>
    public string Url(string path) => new Uri(BaseUri, path).AbsoluteUri;

    /// <summary>Requests so far to exactly this decoded path.</summary>
    public long Requests(string path) => _counters.Requests(path);

    /// <summary>Forgets every count and makes the flaky page fail again.</summary>
    public void Reset() => _counters.Reset();

    /// <summary>Ends responses in progress (their connections are aborted) and stops the server.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        await _disposing.CancelAsync();
        using (var grace = new CancellationTokenSource(StopGrace))
        {
            await _app.StopAsync(grace.Token);
        }
        await _app.DisposeAsync();
        _disposing.Dispose();
    }

    private void Configure()
    {
        _app.Use(CountAndLinkDisposalAsync);
        _app.MapGet("/robots.txt", c => Responses.BytesAsync(c, System.Text.Encoding.UTF8.GetBytes(Options.RobotsTxt), "text/plain; charset=utf-8"));
        _app.MapGet("/__reset", c =>
        {
            Reset();
            return Responses.TextAsync(c, "ok\n");
        });
        _app.MapGet("/__stats", c => Responses.BytesAsync(c, JsonSerializer.SerializeToUtf8Bytes(_counters.Stats()), "application/json"));
        new SyntheticEndpoints(Options).Map(_app);
        new TrapEndpoints(Options, _counters).Map(_app);
        new StreamingTrapEndpoints(Options, _counters).Map(_app);
    }

    /// <summary>Counts the request, and makes its RequestAborted also fire when the site is
    /// disposed: Kestrel alone would let slow responses run on through the stop.</summary>
    private async Task CountAndLinkDisposalAsync(HttpContext context, RequestDelegate next)
    {
        var path = context.Request.Path.Value ?? "/";
        if (!path.StartsWith("/__", StringComparison.Ordinal))
        {
            _counters.CountRequest(path);
        }
        using var aborted = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _disposing.Token);
        context.RequestAborted = aborted.Token;
        try
        {
            await next(context);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            context.Abort();
        }
    }
}
