using System.Text;
using Aio.Crawler.Html;

namespace Aio.Crawler.Tests.Html;

public class CharsetDecoderTests
{
    private static readonly Encoding ShiftJis = CodePagesEncodingProvider.Instance.GetEncoding("shift_jis")!;
    private static readonly Encoding Windows1252 = CodePagesEncodingProvider.Instance.GetEncoding(1252)!;

    private static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);

    private static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();

    [Fact]
    public void Decode_reads_shift_jis_declared_only_in_a_meta_charset()
    {
        const string text = "\u65e5\u672c\u8a9e\u306e\u30da\u30fc\u30b8";
        byte[] body = Concat(Ascii("<html><head><meta charset=\"Shift_JIS\"><title>"), ShiftJis.GetBytes(text), Ascii("</title>"));
        Assert.Contains(text, CharsetDecoder.Decode(body, null));
        Assert.Equal(932, CharsetDecoder.Detect(body, null).CodePage);
    }

    [Fact]
    public void Decode_reads_the_charset_of_a_meta_http_equiv_content_type()
    {
        byte[] body = Concat(Ascii("<HEAD><META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=shift_jis\"></HEAD>"), ShiftJis.GetBytes("\u3042"));
        Assert.EndsWith("\u3042", CharsetDecoder.Decode(body, null));
    }

    [Theory]
    [InlineData("<meta content=\"text/html; charset=shift_jis\">")]
    [InlineData("<!-- <meta charset=shift_jis> -->")]
    [InlineData("<metadata charset=shift_jis>")]
    public void Detect_ignores_what_the_html5_prescan_does_not_count_as_a_declaration(string markup) =>
        Assert.Equal(Encoding.UTF8.CodePage, CharsetDecoder.Detect(Ascii(markup), null).CodePage);

    [Fact]
    public void Detect_finds_a_meta_charset_after_other_tags_and_comments()
    {
        byte[] body = Ascii("<!DOCTYPE html><!-- <meta charset=koi8-r> --><html lang=ja><head data-x='>'>\n<meta name=viewport content=\"width=device-width\"><meta charset='shift_jis'>");
        Assert.Equal(932, CharsetDecoder.Detect(body, null).CodePage);
    }

    [Fact]
    public void Detect_looks_for_a_meta_charset_only_in_the_first_4096_bytes()
    {
        byte[] body = Concat(Ascii("<html><head><title>"), Ascii(new string('x', 5000)), Ascii("</title><meta charset=shift_jis>"));
        Assert.Equal(Encoding.UTF8.CodePage, CharsetDecoder.Detect(body, null).CodePage);
    }

    [Fact]
    public void Decode_reads_utf16le_with_a_bom_and_no_charset()
    {
        byte[] body = Concat([0xFF, 0xFE], Encoding.Unicode.GetBytes("<p>caf\u00e9</p>"));
        Assert.Equal("<p>caf\u00e9</p>", CharsetDecoder.Decode(body, null));
    }

    [Fact]
    public void Decode_reads_utf16be_with_a_bom() =>
        Assert.Equal("<p>\u00e9</p>", CharsetDecoder.Decode(Concat([0xFE, 0xFF], Encoding.BigEndianUnicode.GetBytes("<p>\u00e9</p>")), null));

    [Fact]
    public void Decode_strips_a_utf8_bom_which_wins_over_the_header() =>
        Assert.Equal("caf\u00e9", CharsetDecoder.Decode(Concat([0xEF, 0xBB, 0xBF], Encoding.UTF8.GetBytes("caf\u00e9")), "shift_jis"));

    [Theory]
    [InlineData("ISO-8859-1")]
    [InlineData("latin1")]
    [InlineData("\"iso-8859-1\"")]
    [InlineData("us-ascii")]
    public void Decode_reads_latin1_and_ascii_labels_as_windows_1252(string header)
    {
        byte[] body = [(byte)'c', (byte)'a', (byte)'f', 0xE9, (byte)' ', 0x93, (byte)'q', 0x94];
        Assert.Equal("caf\u00e9 \u201cq\u201d", CharsetDecoder.Decode(body, header));
        Assert.Equal(1252, CharsetDecoder.Detect(body, header).CodePage);
    }

    [Fact]
    public void Decode_prefers_the_header_charset_over_the_meta_one()
    {
        byte[] body = Concat(Ascii("<meta charset=utf-8>"), ShiftJis.GetBytes("\u3042"));
        Assert.EndsWith("\u3042", CharsetDecoder.Decode(body, "Shift_JIS"));
    }

    [Fact]
    public void Decode_reads_a_page_declared_utf8_but_written_in_windows_1252_as_windows_1252()
    {
        byte[] body = Windows1252.GetBytes("<p>caf\u00e9 \u2013 na\u00efve</p>");
        Assert.Equal("<p>caf\u00e9 \u2013 na\u00efve</p>", CharsetDecoder.Decode(body, "utf-8"));
    }

    [Fact]
    public void Decode_reads_a_page_whose_meta_says_utf8_but_is_windows_1252_as_windows_1252()
    {
        byte[] body = Concat(Ascii("<meta charset=utf-8>"), Windows1252.GetBytes("caf\u00e9"));
        Assert.EndsWith("caf\u00e9", CharsetDecoder.Decode(body, null));
    }

    [Fact]
    public void Decode_falls_back_as_if_undeclared_for_an_unknown_charset()
    {
        Assert.Equal("caf\u00e9", CharsetDecoder.Decode(Encoding.UTF8.GetBytes("caf\u00e9"), "no-such-charset"));
        Assert.Equal("caf\u00e9", CharsetDecoder.Decode(Windows1252.GetBytes("caf\u00e9"), "no-such-charset"));
    }

    [Fact]
    public void Detect_treats_utf16_declared_in_a_meta_as_utf8() =>
        Assert.Equal(Encoding.UTF8.CodePage, CharsetDecoder.Detect(Ascii("<meta charset=utf-16>hello"), null).CodePage);

    [Fact]
    public void Detect_picks_utf8_for_undeclared_valid_utf8_and_windows_1252_otherwise()
    {
        Assert.Equal(Encoding.UTF8.CodePage, CharsetDecoder.Detect(Encoding.UTF8.GetBytes("<p>\u65e5\u672c</p>"), null).CodePage);
        Assert.Equal(1252, CharsetDecoder.Detect(Windows1252.GetBytes("<p>caf\u00e9</p>"), null).CodePage);
        Assert.Equal(Encoding.UTF8.CodePage, CharsetDecoder.Detect([], null).CodePage);
    }

    [Fact]
    public void Decode_honours_a_utf16_header_without_a_bom() =>
        Assert.Equal("<p>x</p>", CharsetDecoder.Decode(Encoding.Unicode.GetBytes("<p>x</p>"), "utf-16le"));
}
