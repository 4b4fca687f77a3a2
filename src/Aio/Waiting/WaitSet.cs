namespace Aio;

/// <summary>
/// The waits of a task that has several at once (most have at most one, kept without a list). Sealed so that
/// telling it from a single <see cref="Waiter"/> is one type comparison on the wait path.
/// </summary>
internal sealed class WaitSet : List<Waiter>
{
    public WaitSet(Waiter first, Waiter second)
        : base(4)
    {
        Add(first);
        Add(second);
    }
}
