using Microsoft.Extensions.Logging;

namespace Aio;

public sealed partial class EventLoop
{
    private Action<EventLoop, ExceptionContext>? _exceptionHandler;

    /// <summary>
    /// Sets the handler that receives errors with nowhere else to go (null restores the default):
    /// asyncio's <c>loop.set_exception_handler()</c>. An error thrown by the handler itself is logged by the
    /// default handler, never propagated.
    /// </summary>
    public void SetExceptionHandler(Action<EventLoop, ExceptionContext>? handler) => _exceptionHandler = handler;

    /// <summary>The custom exception handler, or null: asyncio's <c>loop.get_exception_handler()</c>.</summary>
    public Action<EventLoop, ExceptionContext>? GetExceptionHandler() => _exceptionHandler;

    /// <summary>Passes <paramref name="context"/> to the exception handler: asyncio's <c>loop.call_exception_handler()</c>.</summary>
    public void CallExceptionHandler(ExceptionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var handler = _exceptionHandler;
        if (handler is null)
        {
            DefaultExceptionHandler(context);
            return;
        }

        try
        {
            handler(this, context);
        }
        catch (Exception e)
        {
            DefaultExceptionHandler(new ExceptionContext("Unhandled error in exception handler", e)
            {
                Extra = new Dictionary<string, object?> { ["context"] = context.ToString() },
            });
        }
    }

    /// <summary>Writes a diagnostic report at warning level to <see cref="Logger"/> (standard error when unset).</summary>
    internal void Report(string message)
    {
        if (Logger is { } log)
        {
            log.LogWarning("{Report}", message);
        }
        else
        {
            Console.Error.WriteLine("Aio: " + message);
        }
    }

    /// <summary>
    /// Logs <paramref name="context"/> at error level to <see cref="Logger"/> (standard error when unset):
    /// asyncio's <c>loop.default_exception_handler()</c>.
    /// </summary>
    public void DefaultExceptionHandler(ExceptionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (Logger is { } log)
        {
            log.LogError(context.Exception, "{Context}", context.ToString());
        }
        else
        {
            Console.Error.WriteLine($"Aio error: {context}");
            if (context.Exception is not null)
            {
                Console.Error.WriteLine(context.Exception);
            }
        }
    }
}
