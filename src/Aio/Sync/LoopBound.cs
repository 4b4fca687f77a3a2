namespace Aio;

/// <summary>
/// Binds a primitive to the first loop that uses it, as asyncio's <c>_LoopBoundMixin</c> does, and gives the
/// caller's context (which also checks the calling thread).
/// </summary>
internal static class LoopBound
{
    internal static AioContext Enter(ref EventLoop? loop, object primitive)
    {
        var context = Asyncio.RequireContext();
        if (loop is null)
        {
            loop = context.Loop;
        }
        else if (!ReferenceEquals(loop, context.Loop))
        {
            throw new InvalidOperationException($"{primitive.GetType().Name} is bound to a different event loop");
        }

        return context;
    }
}
