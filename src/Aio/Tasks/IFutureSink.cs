namespace Aio;

/// <summary>
/// An internal done-callback: scheduled on the loop when the future completes, like asyncio's done callbacks,
/// without a delegate or handle allocation.
/// </summary>
internal interface IFutureSink
{
    /// <summary>The context the callback runs in; null runs it in the loop's base context.</summary>
    AioContext? Context => null;

    /// <summary>Runs on the loop, in a later iteration than the completion.</summary>
    void OnFutureDone(Future future);
}

/// <summary>A user's <c>add_done_callback</c> callback.</summary>
internal sealed class UserDoneCallback(Action<Future> callback, AioContext context) : IFutureSink
{
    public Action<Future> Callback { get; } = callback;

    public AioContext? Context { get; } = context;

    public void OnFutureDone(Future future) => Callback(future);
}
