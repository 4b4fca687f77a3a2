namespace Aio.Crawler.Tests.Fetching;

/// <summary>An HTTP handler that answers from a script, one response (or exception) per request, and counts requests.</summary>
internal sealed class ScriptedHandler(params Func<HttpResponseMessage>[] script) : HttpMessageHandler
{
    public int Requests { get; private set; }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var next = script[Math.Min(Requests, script.Length - 1)];
        Requests++;
        return Task.FromResult(next());
    }

    public static HttpResponseMessage Html(string body = "<a href=x.html>x</a>") => new(System.Net.HttpStatusCode.OK)
    {
        Content = new StringContent(body, System.Text.Encoding.UTF8, "text/html"),
    };
}
