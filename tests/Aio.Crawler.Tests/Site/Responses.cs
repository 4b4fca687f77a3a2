using Microsoft.AspNetCore.Http;

namespace Aio.Crawler.Tests.Site;

/// <summary>Writing whole, small responses; shared by every endpoint of the test site.</summary>
internal static class Responses
{
    public const string Html = "text/html; charset=utf-8";

    public static readonly string[] GetOrHead = [HttpMethods.Get, HttpMethods.Head];

    public static async Task BytesAsync(HttpContext context, byte[] body, string contentType, int status = StatusCodes.Status200OK)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        context.Response.ContentLength = body.Length;
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await context.Response.Body.WriteAsync(body, context.RequestAborted);
        }
    }

    public static Task HtmlAsync(HttpContext context, byte[] body) => BytesAsync(context, body, Html);

    public static Task TextAsync(HttpContext context, string text, int status = StatusCodes.Status200OK) =>
        BytesAsync(context, System.Text.Encoding.UTF8.GetBytes(text), "text/plain; charset=utf-8", status);

    public static Task NotFoundAsync(HttpContext context) => TextAsync(context, "404: Not Found", StatusCodes.Status404NotFound);

    /// <summary>A redirect whose Location is given as written (often relative), as the benchmark server sends it.</summary>
    public static Task RedirectAsync(HttpContext context, int status, string location)
    {
        context.Response.Headers.Location = location;
        return TextAsync(context, $"{status}: {location}", status);
    }
}
