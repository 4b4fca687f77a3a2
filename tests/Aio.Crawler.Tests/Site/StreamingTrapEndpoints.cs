using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Aio.Crawler.Tests.Site;

/// <summary>
/// The traps that take long to answer: a drip of one byte a second, an endless body and a huge
/// one. Each stops by itself after a bounded time, and as soon as the request is aborted (the
/// client hangs up or the site is disposed). They count what they actually sent.
/// </summary>
internal sealed class StreamingTrapEndpoints(TestSiteOptions options, RequestCounters counters)
{
    /// <summary>A paragraph just under 64 KiB, the benchmark server's unit of endless output.</summary>
    private static readonly byte[] EndlessChunk = Encoding.ASCII.GetBytes(
        "<p>" + string.Concat(Enumerable.Repeat("endless ", 8190)) + "</p>\n");

    private static readonly byte[] HugeChunk = new byte[256 * 1024];

    public void Map(IEndpointRouteBuilder routes)
    {
        routes.MapMethods("/traps/slow-drip.html", Responses.GetOrHead, c => StreamAsync(c, Responses.Html, null, DripAsync));
        routes.MapMethods("/traps/endless.html", Responses.GetOrHead, c => StreamAsync(c, Responses.Html, null, EndlessAsync));
        routes.MapMethods("/traps/huge.bin", Responses.GetOrHead, c => StreamAsync(c, "application/octet-stream", options.HugeBytes, HugeAsync));
    }

    /// <summary>Headers go out at once (chunked when there is no length); a body cut short ends
    /// with an aborted connection, so a client can tell it from a complete response.</summary>
    private async Task StreamAsync(
        HttpContext context, string contentType, long? contentLength, Func<HttpContext, CancellationToken, Task> body)
    {
        counters.StreamOpened();
        try
        {
            context.Response.ContentType = contentType;
            context.Response.ContentLength = contentLength;
            await context.Response.StartAsync(context.RequestAborted);
            if (!HttpMethods.IsHead(context.Request.Method))
            {
                await body(context, context.RequestAborted);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            context.Abort();
        }
        finally
        {
            counters.StreamClosed();
        }
    }

    private async Task DripAsync(HttpContext context, CancellationToken cancel)
    {
        if (!await WriteAsync(context, "<html><body>"u8.ToArray(), cancel))
        {
            return;
        }
        for (var second = 1; second <= options.DripSeconds; second++)
        {
            await Task.Delay(TimeSpan.FromSeconds(1), cancel);
            if (!await WriteAsync(context, " "u8.ToArray(), cancel))
            {
                return;
            }
            counters.DripReached(second);
        }
        await WriteAsync(context, "<a href=\"drip-child.html\">x</a></body></html>"u8.ToArray(), cancel);
    }

    private async Task EndlessAsync(HttpContext context, CancellationToken cancel)
    {
        // Paced by bytes, not by a clock: the body ends after EndlessSeconds' worth of bytes at the set rate.
        var total = (long)(options.EndlessSeconds * options.EndlessBytesPerSecond);
        var sent = 0L;
        var owed = 0.0;
        if (!await WriteAsync(context, "<html><body>"u8.ToArray(), cancel))
        {
            return;
        }
        while (sent < total && await WriteAsync(context, EndlessChunk, cancel))
        {
            sent += EndlessChunk.Length;
            counters.AddEndlessBytes(EndlessChunk.Length);
            // Sleeps are gathered until they are long enough for Task.Delay to honour them.
            owed += (double)EndlessChunk.Length / options.EndlessBytesPerSecond;
            if (owed >= 0.01)
            {
                await Task.Delay(TimeSpan.FromSeconds(owed), cancel);
                owed = 0;
            }
        }
    }

    private async Task HugeAsync(HttpContext context, CancellationToken cancel)
    {
        for (var left = options.HugeBytes; left > 0;)
        {
            var size = (int)Math.Min(left, HugeChunk.Length);
            if (!await WriteAsync(context, HugeChunk.AsMemory(0, size), cancel))
            {
                return;
            }
            counters.AddHugeBytes(size);
            left -= size;
        }
    }

    /// <summary>
    /// Writes and flushes; false once the connection is gone. That has to be asked of the flush
    /// result: Kestrel then drops writes without failing them, and cancels RequestAborted only
    /// later, from the thread pool, by which time a fast loop could have "sent" everything.
    /// </summary>
    private static async Task<bool> WriteAsync(HttpContext context, ReadOnlyMemory<byte> bytes, CancellationToken cancel)
    {
        var writer = context.Response.BodyWriter;
        var result = await writer.WriteAsync(bytes, cancel);
        if (!result.IsCompleted)
        {
            // A chunked write to a closed connection reports nothing; the flush after it does.
            result = await writer.FlushAsync(cancel);
        }
        return !result.IsCompleted;
    }
}
