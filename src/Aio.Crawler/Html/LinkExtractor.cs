using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace Aio.Crawler.Html;

/// <summary>
/// Finds the links of an HTML page with AngleSharp's HTML5 parser, so that markup browsers accept (unquoted or
/// upper-case attributes, unclosed tags) works and text inside scripts and comments is never taken for links.
/// </summary>
/// <remarks>
/// Parsing is the crawl's main CPU cost, so the parser skips every text, comment and script token: links live in
/// attributes only, and the tree of elements is still the one the HTML5 algorithm builds. Safe to call from many
/// threads at once: each thread keeps its own parser.
/// </remarks>
public static class LinkExtractor
{
    private static readonly HtmlParserOptions s_options = new()
    {
        IsScripting = false,
        SkipComments = true,
        SkipScriptText = true,
        SkipRawText = true,
        SkipDataText = true,
        SkipRCDataText = true,
        SkipPlaintext = true,
        SkipCDATA = true,
        SkipProcessingInstructions = true,
        DisableElementPositionTracking = true,
    };

    [ThreadStatic]
    private static HtmlParser? t_parser;

    /// <summary>The links of the HTML page <paramref name="html"/>.</summary>
    public static PageLinks Extract(string html)
    {
        ArgumentNullException.ThrowIfNull(html);
        HtmlParser parser = t_parser ??= new HtmlParser(s_options);
        using IDocument document = parser.ParseDocument(html);
        string? baseHref = null;
        var hrefs = new List<string>();
        foreach (IElement element in document.All)
        {
            string name = element.LocalName;
            if (name is "a" or "area")
            {
                AddHref(element, hrefs);
            }
            else if (name is "link" && HasRelNext(element.GetAttribute("rel")))
            {
                AddHref(element, hrefs);
            }
            else if (name is "base" && baseHref is null)
            {
                baseHref = element.GetAttribute("href");
            }
        }

        return new PageLinks(baseHref, hrefs);
    }

    /// <summary>
    /// The links of a fetched page body, decoded by <see cref="CharsetDecoder"/> with the Content-Type header's
    /// charset <paramref name="headerCharset"/> (null when it had none).
    /// </summary>
    public static PageLinks Extract(ReadOnlySpan<byte> body, string? headerCharset) =>
        Extract(CharsetDecoder.Decode(body, headerCharset));

    private static void AddHref(IElement element, List<string> hrefs)
    {
        if (element.GetAttribute("href") is { } href)
        {
            hrefs.Add(href);
        }
    }

    /// <summary>True when the space-separated <c>rel</c> tokens include <c>next</c> in any case.</summary>
    private static bool HasRelNext(string? rel)
    {
        if (rel is null)
        {
            return false;
        }

        foreach (Range token in rel.AsSpan().SplitAny(" \t\n\f\r"))
        {
            if (rel.AsSpan()[token].Equals("next", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
