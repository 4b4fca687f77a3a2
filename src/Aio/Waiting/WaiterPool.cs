namespace Aio;

/// <summary>
/// A per-loop free list of waiters of one type. Loop thread only, so no locks; bounded so a burst of
/// waits does not pin memory forever.
/// </summary>
internal sealed class WaiterPool<TWaiter>
    where TWaiter : class, new()
{
    private const int MaxPooled = 4096;
    private readonly Stack<TWaiter> _free = new();

    public TWaiter Rent() => _free.TryPop(out var w) ? w : new TWaiter();

    public void Return(TWaiter waiter)
    {
        if (_free.Count < MaxPooled)
        {
            _free.Push(waiter);
        }
    }
}

/// <summary>Gives each pooled type a slot in the loop's pool table.</summary>
internal static class PoolSlot
{
    private static int s_next = -1;

    internal static int Next() => Interlocked.Increment(ref s_next);
}

/// <summary>The slot of <typeparamref name="TWaiter"/>'s pool.</summary>
internal static class PoolSlot<TWaiter>
{
    internal static readonly int Index = PoolSlot.Next();
}
