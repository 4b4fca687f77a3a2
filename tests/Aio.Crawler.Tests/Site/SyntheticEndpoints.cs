using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Aio.Crawler.Tests.Site;

/// <summary>Serves the synthetic sites under /s/{name}/, each response after the site's latency.</summary>
internal sealed class SyntheticEndpoints(TestSiteOptions options)
{
    public void Map(IEndpointRouteBuilder routes)
    {
        routes.MapMethods("/s/{site}/", Responses.GetOrHead, IndexAsync);
        routes.MapMethods("/s/{site}/index.html", Responses.GetOrHead, IndexAsync);
        routes.MapMethods("/s/{site}/p/{page}.html", Responses.GetOrHead, PageAsync);
    }

    private async Task IndexAsync(HttpContext context)
    {
        if (SiteOf(context) is not { } site)
        {
            await Responses.NotFoundAsync(context);
            return;
        }
        var latency = LatencyOf(site);
        await DelayAsync(latency, context.RequestAborted);
        await Responses.HtmlAsync(context, SyntheticPages.Index(site, (int)latency.TotalMilliseconds));
    }

    private async Task PageAsync(HttpContext context)
    {
        var page = -1;
        if (SiteOf(context) is not { } site
            || !int.TryParse(context.GetRouteValue("page") as string, NumberStyles.None, CultureInfo.InvariantCulture, out page)
            || page >= site.Pages)
        {
            await Responses.NotFoundAsync(context);
            return;
        }
        await DelayAsync(LatencyOf(site), context.RequestAborted);
        await Responses.HtmlAsync(context, SyntheticPages.Page(site, page, context.Connection.LocalPort));
    }

    private static SyntheticSiteName? SiteOf(HttpContext context) =>
        context.GetRouteValue("site") is string name ? SyntheticSiteName.TryParse(name) : null;

    private TimeSpan LatencyOf(SyntheticSiteName site) =>
        site.LatencyMs > 0 ? TimeSpan.FromMilliseconds(site.LatencyMs) : options.Latency ?? TimeSpan.Zero;

    private static Task DelayAsync(TimeSpan latency, CancellationToken cancel) =>
        latency > TimeSpan.Zero ? Task.Delay(latency, cancel) : Task.CompletedTask;
}
