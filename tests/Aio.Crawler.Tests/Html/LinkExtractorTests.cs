using System.Text;
using Aio.Crawler.Html;
using Aio.Crawler.Urls;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace Aio.Crawler.Tests.Html;

public class LinkExtractorTests
{
    private const string TrapPage = """
        <html><head><title>Traps</title>
        <script>var s = '<a href="script-link.html">'; document.write("<a href='written.html'>");</script>
        </head><body>
        <A HREF=mal-1.html>unquoted upper-case</A>
        <a href='mal-2.html'>single quotes
        <a href="
         mal-3.html">split over lines</a>
        <a href=" mal-4.html ">padded</a>
        <!-- <a href="commented.html">not a link</a> -->
        <a href="javascript:void(0)">js</a>
        <a href="mailto:someone@example.com">mail</a>
        <a href="">empty</a>
        <a href="#top">top</a>
        <a>no href</a>
        <p><a href=last.html>unclosed
        """;

    [Fact]
    public void Extract_finds_links_in_malformed_markup_in_document_order()
    {
        PageLinks links = LinkExtractor.Extract(TrapPage);
        Assert.Equal(
            ["mal-1.html", "mal-2.html", "\n mal-3.html", " mal-4.html ", "javascript:void(0)", "mailto:someone@example.com", "", "#top", "last.html"],
            links.Hrefs);
    }

    [Fact]
    public void Extract_then_Resolve_keeps_only_crawlable_links_of_the_trap_page()
    {
        const string page = "http://example.com/traps/index.html";
        string?[] resolved = [.. LinkExtractor.Extract(TrapPage).Hrefs.Select(href => UrlNormalizer.Resolve(page, href))];
        Assert.Equal(
            ["http://example.com/traps/mal-1.html", "http://example.com/traps/mal-2.html", "http://example.com/traps/mal-3.html",
             "http://example.com/traps/mal-4.html", "http://example.com/traps/last.html"],
            resolved.OfType<string>());
    }

    [Fact]
    public void Extract_ignores_links_inside_script_text() =>
        Assert.Empty(LinkExtractor.Extract("<script>document.write('<a href=\"x.html\">x</a>')</script>").Hrefs);

    [Fact]
    public void Extract_ignores_links_inside_comments() =>
        Assert.Empty(LinkExtractor.Extract("<p><!-- <a href=\"x.html\">x</a> --></p>").Hrefs);

    [Theory]
    [InlineData("<textarea><a href=x.html></textarea>")]
    [InlineData("<title><a href=x.html></title>")]
    [InlineData("<style>a[href=\"x.html\"]{}</style>")]
    [InlineData("<template><a href=x.html></a></template>")]
    public void Extract_ignores_markup_that_is_text_or_inert(string html) =>
        Assert.Empty(LinkExtractor.Extract(html).Hrefs);

    [Fact]
    public void Extract_finds_links_after_a_nul_byte() =>
        Assert.Equal(["b.html"], LinkExtractor.Extract("<p>a\0b</p><a href=b.html>b</a>").Hrefs);

    [Fact]
    public void Extract_finds_links_moved_out_of_a_table_by_the_html5_tree_builder() =>
        Assert.Equal(["t.html", "u.html"], LinkExtractor.Extract("<table><tr>stray text<a href=t.html>t</a><td><a href=u.html>u</table>").Hrefs);

    [Fact]
    public void Extract_decodes_character_references_in_hrefs() =>
        Assert.Equal(["a.html?x=1&y=2"], LinkExtractor.Extract("<a href=\"a.html?x=1&amp;y=2\">a</a>").Hrefs);

    [Fact]
    public void Extract_finds_area_links_and_link_rel_next_only()
    {
        const string html = """
            <link rel=stylesheet href=style.css><link rel="Next" href=page-2.html><link rel="prefetch next" href=page-3.html>
            <link rel=nextish href=no.html><map><area href=area.html></map>
            """;
        Assert.Equal(["page-2.html", "page-3.html", "area.html"], LinkExtractor.Extract(html).Hrefs);
    }

    [Fact]
    public void Extract_reports_the_first_base_href()
    {
        PageLinks links = LinkExtractor.Extract("<head><base target=_blank><base href=\"/docs/v2/\"><base href=/other/></head><a href=a.html>");
        Assert.Equal("/docs/v2/", links.BaseHref);
    }

    [Fact]
    public void Extract_reports_no_base_href_when_there_is_none() =>
        Assert.Null(LinkExtractor.Extract("<a href=a.html>").BaseHref);

    [Fact]
    public void Extract_base_href_composes_with_Resolve()
    {
        const string page = "http://example.com/section/page.html";
        PageLinks links = LinkExtractor.Extract("<base href=\"http://cdn.example.com/docs/v2/\"><a href=\"intro.html\">i</a><a href=\"../v1/\">old</a>");
        string effectiveBase = UrlNormalizer.Resolve(page, links.BaseHref!) ?? page;
        Assert.Equal(
            ["http://cdn.example.com/docs/v2/intro.html", "http://cdn.example.com/docs/v1/"],
            links.Hrefs.Select(href => UrlNormalizer.Resolve(effectiveBase, href)));
    }

    [Fact]
    public void Extract_from_bytes_decodes_with_the_meta_charset()
    {
        Encoding shiftJis = CodePagesEncodingProvider.Instance.GetEncoding("shift_jis")!;
        byte[] body = shiftJis.GetBytes("<meta charset=shift_jis><a href=\"\u65e5\u672c.html\">\u65e5\u672c</a>");
        PageLinks links = LinkExtractor.Extract(body, null);
        Assert.Equal(["\u65e5\u672c.html"], links.Hrefs);
        Assert.Equal("http://example.com/%E6%97%A5%E6%9C%AC.html", UrlNormalizer.Resolve("http://example.com/", links.Hrefs[0]));
    }

    [Fact]
    public void Extract_gives_the_same_links_when_called_from_many_threads_at_once()
    {
        string html = string.Concat(Enumerable.Range(0, 200).Select(i => $"<p>text <a href=\"p{i}.html\">{i}</a>"));
        var results = new IReadOnlyList<string>[64];
        Parallel.For(0, results.Length, i => results[i] = LinkExtractor.Extract(html).Hrefs);
        string[] expected = [.. Enumerable.Range(0, 200).Select(i => $"p{i}.html")];
        Assert.All(results, hrefs => Assert.Equal(expected, hrefs));
    }

    [Fact]
    public void Extract_of_an_empty_page_finds_nothing() =>
        Assert.Empty(LinkExtractor.Extract("").Hrefs);

    [Theory]
    [InlineData("<svg><![CDATA[ x > y <a href=cdata.html> ]]></svg><a href=after.html>")]
    [InlineData("<svg><style><a href=svg-style.html></style></svg>")]
    [InlineData("<svg><a href=svg-a.html><text>t</text></a></svg><p><a href=p.html>")]
    [InlineData("<math><mi><p>breaks out<style><a href=no.html></style><a href=yes.html>")]
    [InlineData("<svg><desc>d</desc></svg><script><a href=no.html></script>")]
    [InlineData("<script/><a href=no.html></script><a href=yes.html>")]
    [InlineData("<p><![CDATA[ <a href=in-html-cdata.html> ]]>")]
    [InlineData("<noscript><a href=noscript.html></noscript>")]
    [InlineData("<iframe><a href=no.html></iframe><xmp><a href=no.html></xmp><noembed><a href=no.html></noembed><a href=ok.html>")]
    [InlineData("<template><template><a href=no.html></template><a href=no2.html></template><a href=yes.html>")]
    [InlineData("<a href=a.html href=b.html>first wins</a><a HrEf=upper.html>")]
    [InlineData("<textarea></textarea ><a href=after-textarea.html>")]
    [InlineData("<title>t</title><base href=/b/><base href=/c/><a href=x.html>")]
    [InlineData("<plaintext><a href=no.html>")]
    public void Extract_finds_the_links_of_the_html5_document_tree(string html)
    {
        // The reference: AngleSharp's full HTML5 parser (scripting off) and the elements of the tree it builds.
        using IDocument document = new HtmlParser(new HtmlParserOptions { IsScripting = false }).ParseDocument(html);
        string[] expected =
        [
            .. document.All
                .Where(e => e.LocalName is "a" or "area" || (e.LocalName == "link" && (e.GetAttribute("rel") ?? "").Split(" ").Contains("next", StringComparer.OrdinalIgnoreCase)))
                .Select(e => e.GetAttribute("href"))
                .OfType<string>(),
        ];
        string? expectedBase = document.All.FirstOrDefault(e => e.LocalName == "base" && e.HasAttribute("href"))?.GetAttribute("href");

        PageLinks links = LinkExtractor.Extract(html);

        Assert.Equal(expected, links.Hrefs);
        Assert.Equal(expectedBase, links.BaseHref);
    }
}
