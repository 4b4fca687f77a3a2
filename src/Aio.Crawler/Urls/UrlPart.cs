namespace Aio.Crawler.Urls;

/// <summary>The URL component being written, which decides the characters kept literally.</summary>
internal enum UrlPart
{
    /// <summary><c>user[:password]</c> before the host.</summary>
    Userinfo,

    /// <summary>The path, where a backslash counts as a slash (as browsers treat http(s) URLs).</summary>
    Path,

    /// <summary>The query after <c>?</c>.</summary>
    Query,
}
