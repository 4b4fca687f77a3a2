namespace Aio;

/// <summary>
/// A <see cref="AsyncSemaphore"/> that refuses to be released above its initial value: asyncio's
/// <c>asyncio.BoundedSemaphore</c>.
/// </summary>
public sealed class AsyncBoundedSemaphore : AsyncSemaphore
{
    /// <summary>Creates a bounded semaphore with <paramref name="value"/> permits.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is negative.</exception>
    public AsyncBoundedSemaphore(int value = 1)
        : base(value)
    {
    }

    private protected override void CheckRelease(int value)
    {
        if (value >= InitialValue)
        {
            throw new SemaphoreFullException("AsyncBoundedSemaphore released too many times");
        }
    }
}
