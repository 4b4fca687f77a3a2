namespace Aio;

/// <summary>
/// What <see cref="AsyncLock.AcquireAsync"/> and <see cref="AsyncSemaphore.AcquireAsync"/> return: disposing it releases
/// the lock or permit, so acquisition reads like asyncio's <c>async with lock:</c> —
/// <c>using (await gate.AcquireAsync()) { … }</c> or <c>await using (await gate.AcquireAsync()) { … }</c>.
/// </summary>
/// <remarks>
/// It is a struct that releases once per dispose: dispose it exactly once (a <c>using</c> does). The result of
/// <c>AcquireAsync</c> may also be ignored and <c>Release()</c> called explicitly.
/// </remarks>
public readonly struct Releaser : IDisposable, IAsyncDisposable
{
    private readonly IReleasable? _target;

    internal Releaser(IReleasable target) => _target = target;

    /// <summary>Releases the lock or permit: the end of asyncio's <c>async with</c> block.</summary>
    /// <exception cref="InvalidOperationException">The lock is not held, or is held by another task.</exception>
    public void Dispose() => _target?.ReleaseHeld();

    /// <summary>Releases the lock or permit; completes at once.</summary>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return default;
    }
}
