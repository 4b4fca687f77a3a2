namespace Aio.Crawler.Urls;

/// <summary>
/// Puts http(s) URLs into one canonical form so that the same page is found once: no fragment, lower-case
/// scheme and host, punycode host, no default port, dot segments resolved, canonical percent-encoding.
/// </summary>
/// <remarks>
/// A hand-written parser rather than <see cref="Uri"/>: it runs for every link of every page, and
/// <see cref="Uri"/> neither upper-cases escapes nor accepts characters such as <c>|</c> or <c>{</c> that
/// browsers send percent-encoded. Thread-safe; each thread reuses its own buffers.
/// </remarks>
public static class UrlNormalizer
{
    [ThreadStatic]
    private static UrlBuffer? t_output;

    [ThreadStatic]
    private static UrlBuffer? t_cleaned;

    /// <summary>
    /// The canonical form of the absolute URL <paramref name="url"/> (a seed typed by a user),
    /// or null when it is not an http or https URL or is malformed.
    /// </summary>
    public static string? Normalize(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        ReadOnlySpan<char> input = Clean(url, t_cleaned ??= new UrlBuffer());
        UrlBuffer output = t_output ??= new UrlBuffer();
        output.Clear();
        if (!TrySplitScheme(input, out ReadOnlySpan<char> scheme, out ReadOnlySpan<char> rest) ||
            !IsHttp(scheme, out bool https) ||
            !TryWriteFromAuthority(output, https, rest))
        {
            return null;
        }

        return output.Written.SequenceEqual(url) ? url : output.ToString();
    }

    /// <summary>
    /// <paramref name="href"/> (a raw attribute value found in a page) resolved against the page's base URL and
    /// normalised; null for non-http(s) schemes (javascript:, mailto:, …), empty or fragment-only hrefs, and
    /// anything malformed.
    /// </summary>
    public static string? Resolve(Uri baseUri, string href)
    {
        ArgumentNullException.ThrowIfNull(baseUri);
        return baseUri.IsAbsoluteUri ? Resolve(baseUri.OriginalString, href) : null;
    }

    /// <summary>
    /// <paramref name="href"/> resolved against the absolute http(s) URL <paramref name="baseUrl"/> and
    /// normalised; null where <see cref="Resolve(Uri, string)"/> is, or when the base is not an http(s) URL.
    /// </summary>
    public static string? Resolve(string baseUrl, string href)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        ArgumentNullException.ThrowIfNull(href);
        ReadOnlySpan<char> reference = Clean(href, t_cleaned ??= new UrlBuffer());
        if (reference.IsEmpty || reference[0] == '#')
        {
            return null;
        }

        UrlBuffer output = t_output ??= new UrlBuffer();
        output.Clear();
        return TryResolve(output, baseUrl, reference) ? output.ToString() : null;
    }

    private static bool TryResolve(UrlBuffer output, string baseUrl, ReadOnlySpan<char> reference)
    {
        // The base is read raw from the string: it is parsed only as far as each kind of reference needs.
        ReadOnlySpan<char> baseInput = CutFragment(baseUrl.AsSpan().Trim());
        if (!TrySplitScheme(baseInput, out ReadOnlySpan<char> baseScheme, out ReadOnlySpan<char> baseRest) ||
            !IsHttp(baseScheme, out bool https))
        {
            return false;
        }

        if (TrySplitScheme(reference, out ReadOnlySpan<char> scheme, out ReadOnlySpan<char> rest))
        {
            if (!IsHttp(scheme, out bool referenceHttps))
            {
                return false;
            }

            // "http:page.html" against an http base is relative, as in browsers; otherwise it names a host.
            if (referenceHttps != https || StartsWithSlash(rest))
            {
                return TryWriteFromAuthority(output, referenceHttps, rest);
            }

            reference = rest;
        }

        if (reference.Length >= 2 && StartsWithSlash(reference) && IsSlash(reference[1]))
        {
            return TryWriteFromAuthority(output, https, reference);
        }

        baseRest = baseRest.TrimStart("/\\");
        int authorityEnd = baseRest.IndexOfAny('/', '\\', '?');
        ReadOnlySpan<char> baseAuthority = authorityEnd < 0 ? baseRest : baseRest[..authorityEnd];
        ReadOnlySpan<char> basePathAndQuery = authorityEnd < 0 ? [] : baseRest[authorityEnd..];
        int baseQueryStart = basePathAndQuery.IndexOf('?');
        ReadOnlySpan<char> basePath = baseQueryStart < 0 ? basePathAndQuery : basePathAndQuery[..baseQueryStart];

        output.Append(https ? "https://" : "http://");
        if (!HostNormalizer.TryAppend(output, baseAuthority, https))
        {
            return false;
        }

        int pathStart = output.Length;
        int queryStart = reference.IndexOf('?');
        ReadOnlySpan<char> path = queryStart < 0 ? reference : reference[..queryStart];
        ReadOnlySpan<char> query = queryStart < 0 ? [] : reference[(queryStart + 1)..];
        if (path.IsEmpty)
        {
            // "?q" keeps the base path; an empty reference cannot get here.
            WritePath(output, basePath);
        }
        else if (StartsWithSlash(path))
        {
            output.AppendEncoded(path, UrlPart.Path);
        }
        else
        {
            int lastSlash = basePath.LastIndexOfAny('/', '\\');
            output.Append('/');
            if (lastSlash > 0)
            {
                output.AppendEncoded(basePath[1..(lastSlash + 1)], UrlPart.Path);
            }

            output.AppendEncoded(path, UrlPart.Path);
        }

        output.RemoveDotSegments(pathStart);
        WriteQuery(output, query);
        return true;
    }

    /// <summary>Writes <c>scheme://authority/path?query</c> from the part after <c>scheme:</c>.</summary>
    private static bool TryWriteFromAuthority(UrlBuffer output, bool https, ReadOnlySpan<char> rest)
    {
        rest = rest.TrimStart("/\\");
        int authorityEnd = rest.IndexOfAny('/', '\\', '?');
        ReadOnlySpan<char> authority = authorityEnd < 0 ? rest : rest[..authorityEnd];
        ReadOnlySpan<char> tail = authorityEnd < 0 ? [] : rest[authorityEnd..];
        output.Append(https ? "https://" : "http://");
        if (!HostNormalizer.TryAppend(output, authority, https))
        {
            return false;
        }

        int queryStart = tail.IndexOf('?');
        int pathStart = output.Length;
        WritePath(output, queryStart < 0 ? tail : tail[..queryStart]);
        output.RemoveDotSegments(pathStart);
        WriteQuery(output, queryStart < 0 ? [] : tail[(queryStart + 1)..]);
        return true;
    }

    private static void WritePath(UrlBuffer output, ReadOnlySpan<char> path)
    {
        if (path.IsEmpty)
        {
            output.Append('/');
        }
        else
        {
            output.AppendEncoded(path, UrlPart.Path);
        }
    }

    private static void WriteQuery(UrlBuffer output, ReadOnlySpan<char> query)
    {
        if (!query.IsEmpty)
        {
            output.Append('?');
            output.AppendEncoded(query, UrlPart.Query);
        }
    }

    /// <summary>
    /// Strips leading and trailing C0 controls and spaces, removes tabs and newlines inside (as browsers do,
    /// so an href split over lines works) and drops the fragment. Copies only when a tab or newline is inside.
    /// </summary>
    private static ReadOnlySpan<char> Clean(string text, UrlBuffer scratch)
    {
        ReadOnlySpan<char> span = TrimControlsAndSpaces(text);
        if (span.IndexOfAny('\t', '\n', '\r') < 0)
        {
            return CutFragment(span);
        }

        scratch.Clear();
        foreach (char c in span)
        {
            if (c is not ('\t' or '\n' or '\r'))
            {
                scratch.Append(c);
            }
        }

        return CutFragment(scratch.Written);
    }

    private static ReadOnlySpan<char> TrimControlsAndSpaces(ReadOnlySpan<char> text)
    {
        int start = 0;
        int end = text.Length;
        while (start < end && text[start] <= ' ')
        {
            start++;
        }

        while (end > start && text[end - 1] <= ' ')
        {
            end--;
        }

        return text[start..end];
    }

    private static ReadOnlySpan<char> CutFragment(ReadOnlySpan<char> text)
    {
        int hash = text.IndexOf('#');
        return hash < 0 ? text : text[..hash];
    }

    /// <summary>Splits <c>scheme:rest</c>; false when the text does not start with a scheme.</summary>
    private static bool TrySplitScheme(ReadOnlySpan<char> text, out ReadOnlySpan<char> scheme, out ReadOnlySpan<char> rest)
    {
        scheme = default;
        rest = default;
        if (text.IsEmpty || !char.IsAsciiLetter(text[0]))
        {
            return false;
        }

        for (int i = 1; i < text.Length; i++)
        {
            char c = text[i];
            if (c == ':')
            {
                scheme = text[..i];
                rest = text[(i + 1)..];
                return true;
            }

            if (!char.IsAsciiLetterOrDigit(c) && c is not ('+' or '-' or '.'))
            {
                return false;
            }
        }

        return false;
    }

    private static bool IsHttp(ReadOnlySpan<char> scheme, out bool https)
    {
        https = scheme.Equals("https", StringComparison.OrdinalIgnoreCase);
        return https || scheme.Equals("http", StringComparison.OrdinalIgnoreCase);
    }

    private static bool StartsWithSlash(ReadOnlySpan<char> text) => !text.IsEmpty && IsSlash(text[0]);

    private static bool IsSlash(char c) => c is '/' or '\\';
}
