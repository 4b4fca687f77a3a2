using System.Buffers;
using System.Globalization;
using System.Text;

namespace Aio.Crawler.Urls;

/// <summary>Writes the <c>[userinfo@]host[:port]</c> part of an http(s) URL in canonical form.</summary>
internal static class HostNormalizer
{
    // Under InvariantGlobalization (as aio-crawl runs) IdnMapping still converts to punycode, but without the
    // UTS #46 mapping ICU would apply: no case folding and no NFC. Lower-casing first covers the common case;
    // a host typed in decomposed form stays distinct from its composed twin. Its methods only read the
    // instance's settings, so one shared instance serves all threads.
    private static readonly IdnMapping s_idn = new();

    private static readonly SearchValues<char> s_hostLetters = SearchValues.Create(
        "abcdefghijklmnopqrstuvwxyz0123456789-._");

    private static readonly SearchValues<char> s_ipv6Letters = SearchValues.Create("0123456789abcdef:.");

    /// <summary>
    /// Appends the canonical authority: lower-case host, punycode for a non-ASCII host, no default port.
    /// False when the authority is not a valid http(s) one (empty host, bad port, forbidden characters).
    /// </summary>
    public static bool TryAppend(UrlBuffer buffer, ReadOnlySpan<char> authority, bool https)
    {
        int at = authority.LastIndexOf('@');
        if (at >= 0)
        {
            buffer.AppendEncoded(authority[..at], UrlPart.Userinfo);
            buffer.Append('@');
            authority = authority[(at + 1)..];
        }

        ReadOnlySpan<char> host = authority;
        ReadOnlySpan<char> port = default;
        int colon = authority.LastIndexOf(':');
        if (colon >= 0 && authority.LastIndexOf(']') < colon)
        {
            host = authority[..colon];
            port = authority[(colon + 1)..];
        }

        return TryAppendHost(buffer, host) && TryAppendPort(buffer, port, https);
    }

    private static bool TryAppendHost(UrlBuffer buffer, ReadOnlySpan<char> host)
    {
        if (host.IsEmpty)
        {
            return false;
        }

        if (host[0] == '[')
        {
            return TryAppendIpv6(buffer, host);
        }

        int start = buffer.Length;
        if (!Ascii.IsValid(host))
        {
            string ascii;
            try
            {
                ascii = s_idn.GetAscii(host.ToString().ToLowerInvariant());
            }
            catch (ArgumentException)
            {
                return false;
            }

            host = ascii;
        }

        foreach (char c in host)
        {
            buffer.Append(char.ToLowerInvariant(c));
        }

        ReadOnlySpan<char> written = buffer.Written[start..];
        return !written.ContainsAnyExcept(s_hostLetters) && written.IndexOf("..") < 0 && written[0] != '.';
    }

    private static bool TryAppendIpv6(UrlBuffer buffer, ReadOnlySpan<char> host)
    {
        if (host.Length < 3 || host[^1] != ']')
        {
            return false;
        }

        buffer.Append('[');
        int start = buffer.Length;
        foreach (char c in host[1..^1])
        {
            buffer.Append(char.ToLowerInvariant(c));
        }

        buffer.Append(']');
        return !buffer.Written[start..^1].ContainsAnyExcept(s_ipv6Letters);
    }

    private static bool TryAppendPort(UrlBuffer buffer, ReadOnlySpan<char> port, bool https)
    {
        if (port.IsEmpty)
        {
            return true;
        }

        if (port.ContainsAnyExceptInRange('0', '9'))
        {
            return false;
        }

        port = port.TrimStart('0');
        if (port.Length > 5)
        {
            return false;
        }

        int value = port.IsEmpty ? 0 : int.Parse(port, NumberStyles.None, CultureInfo.InvariantCulture);
        if (value > 65535)
        {
            return false;
        }

        if (value != (https ? 443 : 80))
        {
            buffer.Append(':');
            Span<char> digits = stackalloc char[5];
            value.TryFormat(digits, out int written, provider: CultureInfo.InvariantCulture);
            buffer.Append(digits[..written]);
        }

        return true;
    }
}
