namespace Aio;

/// <summary>
/// A <see cref="Semaphore"/> that refuses to be released above its initial value: asyncio's
/// <c>asyncio.BoundedSemaphore</c>.
/// </summary>
public sealed class BoundedSemaphore : Semaphore
{
    /// <summary>Creates a bounded semaphore with <paramref name="value"/> permits.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is negative.</exception>
    public BoundedSemaphore(int value = 1)
        : base(value)
    {
    }

    private protected override void CheckRelease(int value)
    {
        if (value >= InitialValue)
        {
            throw new SemaphoreFullException("BoundedSemaphore released too many times");
        }
    }
}
