using System.Globalization;
using System.Text.RegularExpressions;

namespace Aio.Crawler.Tests.Site;

/// <summary>
/// A synthetic site's parameters, read from its name <c>n{N}-k{K}-l{MS}[-b{B}]</c>: N pages,
/// K links a page, MS milliseconds of latency, about B bytes of filler a page (3000 if absent).
/// </summary>
internal sealed partial record SyntheticSiteName(string Name, int Pages, int LinksPerPage, int LatencyMs, int FillerBytes)
{
    private const int DefaultFillerBytes = 3000;

    [GeneratedRegex(@"^n(\d+)-k(\d+)-l(\d+)(?:-b(\d+))?$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    /// <summary>Parses a name; the bounds keep a stray URL from asking for an absurd site.</summary>
    public static SyntheticSiteName? TryParse(string name)
    {
        var match = Pattern().Match(name);
        if (!match.Success
            || !TryNumber(match.Groups[1].Value, out var pages)
            || !TryNumber(match.Groups[2].Value, out var links)
            || !TryNumber(match.Groups[3].Value, out var latencyMs))
        {
            return null;
        }
        var filler = DefaultFillerBytes;
        if (match.Groups[4].Success && !TryNumber(match.Groups[4].Value, out filler))
        {
            return null;
        }
        if (pages is < 1 or > 10_000_000 || links is < 1 or > 1000 || latencyMs > 60_000)
        {
            return null;
        }
        return new SyntheticSiteName(name, pages, links, latencyMs, filler);
    }

    private static bool TryNumber(string digits, out int value) =>
        int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out value);
}
