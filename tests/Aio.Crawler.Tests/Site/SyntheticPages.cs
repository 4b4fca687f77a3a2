using System.Text;

namespace Aio.Crawler.Tests.Site;

/// <summary>
/// The HTML of synthetic sites, byte for byte the benchmark server's: deterministic links
/// (page i+1 first, so every page is reachable from the index, then pseudo-random ones) and
/// deterministic filler, so a test can know the exact link graph.
/// </summary>
internal static class SyntheticPages
{
    private static readonly string[] FillerWords =
        "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore et dolore magna aliqua"
            .Split(' ');

    public static byte[] Index(SyntheticSiteName site, int latencyMs)
    {
        var html = new StringBuilder()
            .Append("<!DOCTYPE html><html><head><title>site ").Append(site.Name).Append("</title></head><body>")
            .Append("<h1>Synthetic site ").Append(site.Name).Append(": ").Append(site.Pages).Append(" pages, ")
            .Append(site.LinksPerPage).Append(" links each, ").Append(latencyMs).Append(" ms latency</h1><ul>");
        for (var i = 0; i < Math.Min(site.Pages, site.LinksPerPage); i++)
        {
            html.Append("<li><a href=\"p/").Append(i).Append(".html\">page ").Append(i).Append("</a></li>");
        }
        html.Append("</ul></body></html>");
        return Encoding.UTF8.GetBytes(html.ToString());
    }

    /// <summary>Page <paramref name="i"/>; <paramref name="port"/> makes the off-host link point
    /// at the same port on 127.0.0.2, a different host that a crawler must not follow.</summary>
    public static byte[] Page(SyntheticSiteName site, int i, int port)
    {
        var html = new StringBuilder()
            .Append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>page ").Append(i).Append("</title></head><body>")
            .Append("<h1>Page ").Append(i).Append(" of ").Append(site.Pages).Append("</h1><p>")
            .Append(Filler(site.FillerBytes, i)).Append("</p><ul>");
        var targets = LinkTargets(i, site.Pages, site.LinksPerPage);
        for (var j = 0; j < targets.Count; j++)
        {
            var t = targets[j];
            // Three spellings of the same kind of link, so deduplication has to normalise.
            var href = (j % 3) switch
            {
                0 => $"{t}.html",
                1 => $"/s/{site.Name}/p/{t}.html",
                _ => $"{t}.html#sec{j}",
            };
            html.Append("<li><a href=\"").Append(href).Append("\">page ").Append(t).Append("</a></li>");
        }
        html.Append("</ul><p><a href=\"../index.html\">home</a> <a href=\"http://127.0.0.2:").Append(port)
            .Append("/offsite.html\">off-host link</a></p></body></html>");
        return Encoding.UTF8.GetBytes(html.ToString());
    }

    /// <summary>The pages page <paramref name="i"/> links to, in order (duplicates included).</summary>
    public static IReadOnlyList<int> LinkTargets(int i, int pages, int links)
    {
        var targets = new List<int>(links);
        if (pages > 1)
        {
            targets.Add((i + 1) % pages);
        }
        // The benchmark server's generator, kept bit-exact so both produce the same graph.
        var x = unchecked(((ulong)i * 2654435761UL + 12345UL) & 0xFFFFFFFFUL);
        while (targets.Count < links)
        {
            x = unchecked((x * 1103515245UL + 12345UL) & 0x7FFFFFFFUL);
            targets.Add((int)(x % (ulong)pages));
        }
        return targets;
    }

    private static string Filler(int bytes, int seed)
    {
        var words = new List<string>();
        var total = 0;
        var k = seed;
        while (total < bytes)
        {
            var word = FillerWords[k % FillerWords.Length];
            words.Add(word);
            total += word.Length + 1;
            k = (k * 31 + 7) & 0xFFFF;
        }
        return string.Join(' ', words);
    }
}
