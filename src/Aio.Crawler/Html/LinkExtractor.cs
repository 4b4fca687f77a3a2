using System.Text;
using AngleSharp.Common;
using AngleSharp.Html;
using AngleSharp.Html.Parser;
using AngleSharp.Html.Parser.Tokens.Struct;
using AngleSharp.Text;

namespace Aio.Crawler.Html;

/// <summary>
/// Finds the links of an HTML page with AngleSharp's HTML5 tokenizer, so that markup browsers accept (unquoted or
/// upper-case attributes, unclosed tags, a NUL byte, character references) works and text inside scripts,
/// comments, <c>&lt;textarea&gt;</c>, <c>&lt;title&gt;</c>, <c>&lt;style&gt;</c> and templates is never taken for links.
/// </summary>
/// <remarks>
/// Parsing is the crawl's main CPU and memory cost, and links live only in start tags' attributes, so no document
/// tree is built: the tokenizer runs alone and is switched into the raw-text, RCDATA, script and PLAINTEXT states
/// on the same start tags where the HTML5 tree builder switches it, which is all that decides what the tokenizer
/// reads as tags. Tags inside <c>&lt;svg&gt;</c> and <c>&lt;math&gt;</c> follow the foreign-content rules that matter
/// here (no raw-text switch, CDATA sections are text). Only <c>href</c> and <c>rel</c> attributes are kept, and
/// text is skipped without being copied. Thread-safe: every call has its own tokenizer.
/// </remarks>
public static class LinkExtractor
{
    /// <summary>The longest text (in chars) decoded into the buffer each thread keeps.</summary>
    private const int KeptTextLength = 64 * 1024;

    private static readonly ShouldEmitAttribute s_linkAttributesOnly = KeepAttribute;

    [ThreadStatic]
    private static char[]? t_text;

    /// <summary>The links of the HTML page <paramref name="html"/>.</summary>
    public static PageLinks Extract(string html)
    {
        ArgumentNullException.ThrowIfNull(html);
        return Extract(html.AsMemory());
    }

    /// <summary>
    /// The links of a fetched page body, decoded by <see cref="CharsetDecoder"/> with the Content-Type header's
    /// charset <paramref name="headerCharset"/> (null when it had none).
    /// </summary>
    public static PageLinks Extract(ReadOnlySpan<byte> body, string? headerCharset)
    {
        // The decoded text lives only while the tokenizer runs (hrefs are copied out). Most pages fit the buffer
        // each thread keeps; a bigger one gets an array of its own that the next collection takes back, rather
        // than a pooled one that would stay with the thread at the size of the largest page it ever saw.
        Encoding encoding = CharsetDecoder.Detect(body, headerCharset, out int bomLength);
        ReadOnlySpan<byte> bytes = body[bomLength..];
        char[] text = encoding.GetMaxCharCount(bytes.Length) <= KeptTextLength
            ? t_text ??= new char[KeptTextLength]
            : GC.AllocateUninitializedArray<char>(encoding.GetCharCount(bytes));
        int length = encoding.GetChars(bytes, text);
        return Extract(text.AsMemory(0, length));
    }

    private static PageLinks Extract(ReadOnlyMemory<char> html)
    {
        using var source = new TextSource(new ReadOnlyMemoryTextSource(html));
        var tokenizer = new HtmlTokenizer(source, HtmlEntityProvider.Resolver)
        {
            SkipComments = true,
            SkipDataText = true,
            SkipScriptText = true,
            SkipRawText = true,
            SkipRCDataText = true,
            SkipPlaintext = true,
            SkipCDATA = true,
            SkipProcessingInstructions = true,
            ShouldEmitAttribute = s_linkAttributesOnly,
        };
        var walk = new LinkWalk();
        while (true)
        {
            ref StructHtmlToken token = ref tokenizer.GetStructToken();
            switch (token.Type)
            {
                case HtmlTokenType.EndOfFile:
                    return new PageLinks(walk.BaseHref, walk.Hrefs);
                case HtmlTokenType.StartTag:
                    walk.StartTag(ref token, tokenizer);
                    break;
                case HtmlTokenType.EndTag:
                    walk.EndTag(ref token, tokenizer);
                    break;
            }
        }
    }

    private static bool KeepAttribute(ref StructHtmlToken token, ReadOnlyMemory<char> name) =>
        name.Span is "href" || name.Span is "rel";

    /// <summary>The state of one page's walk: what the tree builder would know that decides where links are.</summary>
    private sealed class LinkWalk
    {
        public string? BaseHref;
        public readonly List<string> Hrefs = [];
        private int _templateDepth;
        private int _foreignDepth;

        public void StartTag(ref StructHtmlToken token, HtmlTokenizer tokenizer)
        {
            StringOrMemory name = token.Name;
            if (_foreignDepth > 0)
            {
                ForeignStartTag(ref token, tokenizer, name);
                return;
            }

            if (name == "svg" || name == "math")
            {
                EnterForeign(ref token, tokenizer);
                return;
            }

            if (_templateDepth == 0)
            {
                CollectLink(ref token, name);
            }

            if (name == "template")
            {
                _templateDepth++;
            }
            else if (TextStateAfter(name) is { } state)
            {
                tokenizer.State = state;
            }
        }

        public void EndTag(ref StructHtmlToken token, HtmlTokenizer tokenizer)
        {
            StringOrMemory name = token.Name;
            if (_foreignDepth > 0)
            {
                if (name == "svg" || name == "math")
                {
                    _foreignDepth--;
                }
                else if (name == "p" || name == "br")
                {
                    // Like the breakout start tags, these end tags pop back to HTML content.
                    _foreignDepth = 0;
                }

                tokenizer.IsAcceptingCharacterData = _foreignDepth > 0;
                return;
            }

            if (name == "template" && _templateDepth > 0)
            {
                _templateDepth--;
            }
        }

        private void ForeignStartTag(ref StructHtmlToken token, HtmlTokenizer tokenizer, StringOrMemory name)
        {
            if (BreaksOutOfForeignContent(name))
            {
                // The tree builder pops back to HTML content and reprocesses the tag there.
                _foreignDepth = 0;
                tokenizer.IsAcceptingCharacterData = false;
                StartTag(ref token, tokenizer);
                return;
            }

            if (name == "svg" || name == "math")
            {
                EnterForeign(ref token, tokenizer);
                return;
            }

            // An SVG <a href> is a link in the tree (its element is named "a"), so it counts as one here too.
            if (_templateDepth == 0 && name == "a")
            {
                AddHref(ref token);
            }
        }

        private void EnterForeign(ref StructHtmlToken token, HtmlTokenizer tokenizer)
        {
            if (!token.IsSelfClosing)
            {
                _foreignDepth++;
                tokenizer.IsAcceptingCharacterData = true;
            }
        }

        private void CollectLink(ref StructHtmlToken token, StringOrMemory name)
        {
            if (name == "a" || name == "area")
            {
                AddHref(ref token);
            }
            else if (name == "link")
            {
                if (Attribute(ref token, "rel") is { } rel && HasRelNext(rel))
                {
                    AddHref(ref token);
                }
            }
            else if (name == "base" && BaseHref is null && Attribute(ref token, "href") is { } href)
            {
                BaseHref = href.ToString();
            }
        }

        private void AddHref(ref StructHtmlToken token)
        {
            if (Attribute(ref token, "href") is { } href)
            {
                Hrefs.Add(href.ToString());
            }
        }
    }

    /// <summary>The value of the tag's attribute <paramref name="name"/>, or null when it has none (an empty value is not none).</summary>
    private static StringOrMemory? Attribute(ref StructHtmlToken token, string name)
    {
        StructAttributes attributes = token.Attributes;
        for (int i = 0; i < attributes.Count; i++)
        {
            MemoryHtmlAttributeToken attribute = attributes[i];
            if (attribute.Name == name)
            {
                return attribute.Value;
            }
        }

        return null;
    }

    /// <summary>
    /// The tokenizer state the HTML5 tree builder switches to after the start tag <paramref name="name"/> in HTML
    /// content (scripting disabled, as for a crawler: <c>&lt;noscript&gt;</c> content is markup), or null.
    /// </summary>
    private static HtmlParseMode? TextStateAfter(StringOrMemory name)
    {
        if (name == "script")
        {
            return HtmlParseMode.Script;
        }

        if (name == "style" || name == "xmp" || name == "iframe" || name == "noembed" || name == "noframes")
        {
            return HtmlParseMode.Rawtext;
        }

        if (name == "textarea" || name == "title")
        {
            return HtmlParseMode.RCData;
        }

        return name == "plaintext" ? HtmlParseMode.Plaintext : null;
    }

    /// <summary>HTML start tags that end foreign content (HTML5's "any other start tag" breakout list).</summary>
    private static bool BreaksOutOfForeignContent(StringOrMemory name) => name.Length switch
    {
        1 => name == "b" || name == "i" || name == "p" || name == "s" || name == "u",
        2 => name == "br" || name == "dd" || name == "dl" || name == "dt" || name == "em" || name == "h1"
            || name == "h2" || name == "h3" || name == "h4" || name == "h5" || name == "h6" || name == "hr"
            || name == "li" || name == "ol" || name == "tt" || name == "ul",
        3 => name == "big" || name == "div" || name == "img" || name == "pre" || name == "sub" || name == "sup"
            || name == "var",
        4 => name == "body" || name == "code" || name == "head" || name == "menu" || name == "meta"
            || name == "nobr" || name == "ruby" || name == "span",
        5 => name == "embed" || name == "small" || name == "table",
        6 => name == "center" || name == "strike" || name == "strong",
        7 => name == "listing",
        10 => name == "blockquote",
        _ => false,
    };

    /// <summary>True when the space-separated <c>rel</c> tokens include <c>next</c> in any case.</summary>
    private static bool HasRelNext(StringOrMemory rel)
    {
        ReadOnlySpan<char> tokens = rel.Memory.Span;
        foreach (Range token in tokens.SplitAny(" \t\n\f\r"))
        {
            if (tokens[token].Equals("next", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
