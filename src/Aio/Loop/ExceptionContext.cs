namespace Aio;

/// <summary>
/// What the loop's exception handler receives for an error that has nowhere else to go:
/// asyncio's exception-handler <c>context</c> dict (<c>message</c>, <c>exception</c>, <c>future</c>, <c>task</c>,
/// <c>handle</c>…).
/// </summary>
public sealed class ExceptionContext
{
    /// <summary>Creates a context with a message and, usually, the exception.</summary>
    public ExceptionContext(string message, Exception? exception = null)
    {
        Message = message;
        Exception = exception;
    }

    /// <summary>What happened, e.g. <c>Exception in callback …</c>.</summary>
    public string Message { get; }

    /// <summary>The error, when there is one.</summary>
    public Exception? Exception { get; }

    /// <summary>The future concerned, if any (for a task, also in <see cref="Task"/>).</summary>
    public Future? Future { get; init; }

    /// <summary>The task concerned, if any.</summary>
    public AioTask? Task { get; init; }

    /// <summary>The callback handle concerned, if any.</summary>
    public Handle? Handle { get; init; }

    /// <summary>Any other details (asyncio's <c>protocol</c>, <c>transport</c>, <c>socket</c>… keys).</summary>
    public IReadOnlyDictionary<string, object?> Extra { get; init; } = new Dictionary<string, object?>();

    /// <summary>The message followed by the objects concerned, as the default handler logs it.</summary>
    public override string ToString()
    {
        var text = Message;
        if (Task is not null)
        {
            text += $"\ntask: {Task}";
        }
        else if (Future is not null)
        {
            text += $"\nfuture: {Future}";
        }

        if (Handle is not null)
        {
            text += $"\nhandle: {Handle}";
        }

        foreach (var (k, v) in Extra)
        {
            text += $"\n{k}: {v}";
        }

        return text;
    }
}
