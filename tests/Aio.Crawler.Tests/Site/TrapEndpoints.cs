using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Aio.Crawler.Tests.Site;

/// <summary>
/// The traps under /traps/ that answer at once: redirects, the flaky page, broken markup,
/// awkward encodings, the IRI link, the endless calendar and the small pages they lead to.
/// The slow ones are <see cref="StreamingTrapEndpoints"/>.
/// </summary>
internal sealed class TrapEndpoints(TestSiteOptions options, RequestCounters counters)
{
    /// <summary>Pages that exist only to be linked to; anything else of the form /traps/{name}.html is a 404.</summary>
    private static readonly HashSet<string> ChildPages = new(StringComparer.Ordinal)
    {
        "landing", "flaky-child", "mal-1", "mal-2", "mal-3", "mal-4", "mal-5",
        "enc-latin1-child", "enc-sjis-child", "enc-utf16-child", "enc-wrong-child",
        "script-fake", "comment-fake",
    };

    public void Map(IEndpointRouteBuilder routes)
    {
        Page(routes, "/traps/", c => Responses.HtmlAsync(c, TrapPages.Index));
        Page(routes, "/traps/index.html", c => Responses.HtmlAsync(c, TrapPages.Index));
        Page(routes, "/traps/redirect-loop/a.html", c => Responses.RedirectAsync(c, StatusCodes.Status302Found, "b.html"));
        Page(routes, "/traps/redirect-loop/b.html", c => Responses.RedirectAsync(c, StatusCodes.Status302Found, "a.html"));
        Page(routes, "/traps/redirect-ok.html", c => Responses.RedirectAsync(c, StatusCodes.Status301MovedPermanently, "landing.html"));
        Page(routes, "/traps/flaky.html", FlakyAsync);
        Page(routes, "/traps/malformed.html", c => Responses.BytesAsync(c, TrapPages.Malformed, "text/html"));
        Page(routes, "/traps/enc-latin1.html", c => Responses.BytesAsync(c, TrapPages.Latin1, "text/html; charset=ISO-8859-1"));
        Page(routes, "/traps/enc-meta-sjis.html", c => Responses.BytesAsync(c, TrapPages.ShiftJis, "text/html"));
        Page(routes, "/traps/enc-utf16.html", c => Responses.BytesAsync(c, TrapPages.Utf16, "text/html"));
        Page(routes, "/traps/enc-wrong.html", c => Responses.BytesAsync(c, TrapPages.WrongCharset, Responses.Html));
        Page(routes, "/traps/iri.html", c => Responses.HtmlAsync(c, TrapPages.Iri));
        Page(routes, "/traps/café.html", c => Responses.HtmlAsync(c, TrapPages.Simple("café")));
        Page(routes, "/traps/calendar/{month}.html", CalendarAsync);
        Page(routes, "/traps/private/{name}.html", c => Responses.HtmlAsync(c, TrapPages.Simple("secret (robots.txt disallows it)")));
        Page(routes, "/traps/{name}.html", ChildAsync);
    }

    private static void Page(IEndpointRouteBuilder routes, string pattern, RequestDelegate handler) =>
        routes.MapMethods(pattern, Responses.GetOrHead, handler);

    private Task FlakyAsync(HttpContext context)
    {
        if (counters.NextFlakyHit() <= options.FlakyFailures)
        {
            return Responses.TextAsync(context, "transient failure", StatusCodes.Status500InternalServerError);
        }
        return Responses.HtmlAsync(context, TrapPages.Simple("flaky (now fine)", [("flaky-child.html", "child")]));
    }

    private Task CalendarAsync(HttpContext context)
    {
        if (!int.TryParse(context.GetRouteValue("month") as string, NumberStyles.None, CultureInfo.InvariantCulture, out var month)
            || month >= options.CalendarLimit)
        {
            return Responses.NotFoundAsync(context);
        }
        return Responses.HtmlAsync(context, TrapPages.Simple($"month {month}", [($"{month + 1}.html", "next month")]));
    }

    private static Task ChildAsync(HttpContext context) =>
        context.GetRouteValue("name") is string name && ChildPages.Contains(name)
            ? Responses.HtmlAsync(context, TrapPages.Simple(name))
            : Responses.NotFoundAsync(context);
}
