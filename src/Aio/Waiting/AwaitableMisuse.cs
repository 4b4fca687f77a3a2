namespace Aio;

/// <summary>
/// The errors every pooled Aio awaitable (<see cref="Waiter"/>, <see cref="MethodBox{TResult}"/>) raises when it is
/// used other than by awaiting it once.
/// </summary>
internal static class AwaitableMisuse
{
    /// <summary>The token is stale: the awaitable was already consumed and its source recycled.</summary>
    internal static InvalidOperationException Recycled() =>
        new("An Aio awaitable was awaited twice or after it was recycled.");

    /// <summary>The result was asked for while the wait is still pending.</summary>
    internal static InvalidOperationException ReadBeforeCompletion() =>
        new("An Aio wait was read before it completed. Aio waits must be awaited; do not block on them with .Result or .Wait().");
}
