using System.Text;

namespace Aio.Crawler.Tests.Site;

/// <summary>
/// Bodies of the trap pages that do not change between requests: the index, the broken
/// markup and the four pages in awkward encodings.
/// </summary>
internal static class TrapPages
{
    /// <summary>What /traps/index.html links to (relative to /traps/), with a line on each.</summary>
    public static readonly IReadOnlyList<(string Href, string About)> Traps =
    [
        ("redirect-loop/a.html", "302 to b.html, which 302s back here, for ever"),
        ("redirect-ok.html", "301 to landing.html, a real page"),
        ("slow-drip.html", "headers at once, then one byte a second"),
        ("endless.html", "a chunked body with no length that keeps coming"),
        ("huge.bin", "application/octet-stream with a very large Content-Length"),
        ("flaky.html", "500 a few times after a reset, then a page linking flaky-child.html"),
        ("malformed.html", "broken markup hiding five real links in odd forms"),
        ("enc-latin1.html", "ISO-8859-1, declared in the Content-Type header"),
        ("enc-meta-sjis.html", "Shift_JIS, declared only in a meta element"),
        ("enc-utf16.html", "UTF-16LE with a byte order mark and no declared charset"),
        ("enc-wrong.html", "declared UTF-8 but written in windows-1252"),
        ("iri.html", "a link written with a raw non-ASCII character"),
        ("calendar/0.html", "a calendar with a next month, and a next, and a next"),
        ("private/secret.html", "disallowed by robots.txt"),
        ("missing.html", "404"),
    ];

    public static readonly byte[] Index = Simple("Trap index", Traps);

    /// <summary>No closing tags at all and a NUL byte; mal-1..mal-5 are real links, the
    /// script and comment ones are not, nor are javascript:, mailto: and empty hrefs.</summary>
    public static readonly byte[] Malformed = Encoding.ASCII.GetBytes(
        "<html><head><title>malformed</title>\n"
        + "<body><div><p>never closed <b>bold <i>italic\n"
        + "<a href=mal-1.html>href without quotes</a>\n"
        + "<A HREF=\"mal-2.html\">tag and attribute in capitals</A>\n"
        + "<a\nhref\n=\n'mal-3.html'\n>attribute spread over lines</a>\n"
        + "<table><tr><td><a href=\"mal-4.html\">link in a table cell left open\n"
        + "<p>stray </div></span> end tags\0 and a NUL byte</p>\n"
        + "<a href=\"  mal-5.html  \">href padded with spaces</a>\n"
        + "<script>var html = '<a href=\"script-fake.html\">text in a script</a>';</script>\n"
        + "<!-- <a href=\"comment-fake.html\">commented out</a> -->\n"
        + "<a href=\"javascript:void(0)\">script url</a> <a href=\"mailto:someone@example.invalid\">mail</a>\n"
        + "<a href=\"\">empty href</a> <a>no href</a>\n");

    public static readonly byte[] Latin1 = Encoding.Latin1.GetBytes(
        "<html><head><title>Crème brûlée</title></head><body><p>Noël à Zürich, façade ôtée</p>"
        + "<a href=\"enc-latin1-child.html\">page enfant é</a></body></html>");

    public static readonly byte[] ShiftJis = CodePages.ShiftJis.GetBytes(
        "<html><head><meta charset=\"shift_jis\"><title>文字コードの試験</title></head><body>"
        + "<p>東京の天気は晴れです</p><a href=\"enc-sjis-child.html\">次のページ</a></body></html>");

    /// <summary>The U+FEFF at the start becomes the FF FE byte order mark.</summary>
    public static readonly byte[] Utf16 = Encoding.Unicode.GetBytes(
        "\uFEFF<html><head><title>wide page</title></head><body><p>Grüße</p>"
        + "<a href=\"enc-utf16-child.html\">child</a></body></html>");

    /// <summary>Curly quotes, dashes and accents: bytes 0x80-0x9F and lone Latin-1 letters, invalid as UTF-8.</summary>
    public static readonly byte[] WrongCharset = CodePages.Windows1252.GetBytes(
        "<html><head><title>the “wrong” charset</title></head><body><p>naïve café – déjà vu</p>"
        + "<a href=\"enc-wrong-child.html\">child — é</a></body></html>");

    public static readonly byte[] Iri = Simple("IRI link", [("café.html", "café")]);

    /// <summary>A small well-formed page with a heading and a list of links; the texts are ours
    /// and written without markup, so they go in unescaped (as the benchmark server does).</summary>
    public static byte[] Simple(string title, IReadOnlyList<(string Href, string Text)> links)
    {
        var html = new StringBuilder()
            .Append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>").Append(title)
            .Append("</title></head><body><h1>").Append(title).Append("</h1><ul>");
        foreach (var (href, text) in links)
        {
            html.Append("<li><a href=\"").Append(href).Append("\">").Append(text).Append("</a></li>");
        }
        html.Append("</ul></body></html>");
        return Encoding.UTF8.GetBytes(html.ToString());
    }

    public static byte[] Simple(string title) => Simple(title, []);
}
