using System.Text;
using System.Text.RegularExpressions;

namespace Aio.Crawler.Tests.Site;

/// <summary>What the site tests need from a client: plain fetches that never follow redirects,
/// the double-quoted hrefs of a page, and a bounded wait for the server to settle.</summary>
internal static partial class SiteClient
{
    public static HttpClient Create() => new(new SocketsHttpHandler { AllowAutoRedirect = false });

    public static async Task<string> GetHtmlAsync(this HttpClient client, TestSite site, string path)
    {
        using var response = await client.GetAsync(site.Url(path));
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync());
    }

    public static IReadOnlyList<string> Hrefs(string html) =>
        [.. QuotedHref().Matches(html).Select(m => m.Groups[1].Value)];

    /// <summary>Polls until <paramref name="condition"/> holds; the limit only guards against a hang.</summary>
    public static async Task<bool> EventuallyAsync(Func<bool> condition)
    {
        var limit = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!condition())
        {
            if (DateTime.UtcNow > limit)
            {
                return false;
            }
            await Task.Delay(20);
        }
        return true;
    }

    [GeneratedRegex("href=\"([^\"]*)\"")]
    private static partial Regex QuotedHref();
}
