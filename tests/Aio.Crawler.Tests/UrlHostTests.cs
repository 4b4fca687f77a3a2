using Aio.Crawler.Storage;

namespace Aio.Crawler.Tests;

public class UrlHostTests
{
    [Theory]
    [InlineData("http://127.0.0.1:8080/a/b.html", "127.0.0.1:8080")]
    [InlineData("https://example.org", "example.org")]
    [InlineData("http://example.org?q=1", "example.org")]
    public void Of_returns_the_authority(string url, string host) => Assert.Equal(host, UrlHost.Of(url));
}
