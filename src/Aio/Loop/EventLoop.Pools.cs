namespace Aio;

public sealed partial class EventLoop
{
    private object?[] _pools = new object?[16];
    private byte[]? _sharedReceiveBuffer;

    /// <summary>The loop's pool of <typeparamref name="TWaiter"/>; loop thread only.</summary>
    internal WaiterPool<TWaiter> Pool<TWaiter>()
        where TWaiter : class, new()
    {
        var i = PoolSlot<TWaiter>.Index;
        if (i >= _pools.Length)
        {
            Array.Resize(ref _pools, Math.Max(i + 1, _pools.Length * 2));
        }

        return (WaiterPool<TWaiter>)(_pools[i] ??= new WaiterPool<TWaiter>());
    }

    /// <summary>
    /// The buffer receives made and delivered within one loop callback share (asyncio's selector loop reads every
    /// socket into a fresh bytes object; here no connection holds a buffer between reads). Loop thread only.
    /// </summary>
    internal byte[] SharedReceiveBuffer => _sharedReceiveBuffer ??= GC.AllocateUninitializedArray<byte>(FlowTransport.ReadBufferSize);
}
