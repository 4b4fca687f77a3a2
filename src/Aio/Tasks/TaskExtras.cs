namespace Aio;

/// <summary>
/// The rarely used state of an <see cref="AioTask"/>, allocated on first use so that the task itself stays small:
/// most tasks are never named, cancelled or asked for a token, and debug mode is off.
/// </summary>
internal sealed class TaskExtras
{
    /// <summary>A name given by the user; null while the task goes by <c>Task-N</c>.</summary>
    public string? Name;

    /// <summary>The message of the latest cancellation request.</summary>
    public string? CancelMessage;

    /// <summary>The source behind <see cref="AioTask.CancellationToken"/>, once asked for.</summary>
    public CancellationTokenSource? Cts;

    /// <summary>Pending cancellation requests (asyncio's <c>cancelling()</c>).</summary>
    public int Cancelling;

    /// <summary>How many cancel scopes of the task are cancelled and still active.</summary>
    public int CancelledScopes;

    /// <summary>In debug mode, where the task was created.</summary>
    public string? CreationStack;

    /// <summary>In debug mode, reports the task's exception if nobody retrieves it.</summary>
    public UnobservedErrorWatch? ErrorWatch;
}
