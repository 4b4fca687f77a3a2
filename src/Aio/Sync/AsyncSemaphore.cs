using System.Diagnostics;

namespace Aio;

/// <summary>
/// A counter of permits for tasks on one loop: asyncio's <c>asyncio.Semaphore</c>.
/// </summary>
/// <remarks>
/// FIFO-fair: <see cref="Release"/> hands the permit straight to the longest waiter, so a task that releases and
/// re-acquires in the same turn queues behind the waiters; a woken waiter cancelled before it runs hands its
/// permit on. Use it as a scope with <c>using (await semaphore.AcquireAsync()) { … }</c> (see
/// <see cref="Releaser"/>). Loop thread only.
/// </remarks>
[DebuggerDisplay("{ToString(),nq}")]
public class AsyncSemaphore : IParkingOwner<Releaser>, IReleasable
{
    private readonly ParkingLot<Releaser> _waiters = new();
    private EventLoop? _loop;
    private int _value;

    /// <summary>Creates a semaphore with <paramref name="value"/> permits.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is negative.</exception>
    public AsyncSemaphore(int value = 1)
    {
        if (value < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "AsyncSemaphore initial value must be >= 0");
        }

        _value = value;
        InitialValue = value;
    }

    /// <summary>The number of permits the semaphore was created with.</summary>
    public int InitialValue { get; }

    /// <summary>The free permits now.</summary>
    public int Value => _value;

    /// <summary>Whether an acquire would wait: no free permit, or tasks already waiting (asyncio's <c>locked()</c>).</summary>
    public bool Locked => _value == 0 || _waiters.Count > 0;

    /// <summary>
    /// Takes a permit, waiting in FIFO order while none is free: asyncio's <c>acquire()</c>. An Aio wait: the
    /// task's cancellation, enclosing cancel scopes and <paramref name="cancellationToken"/> interrupt it with
    /// <see cref="CancelledError"/>, and then no permit is held. A free permit is taken at once without a
    /// checkpoint, as in asyncio.
    /// </summary>
    /// <returns>A <see cref="Releaser"/> whose disposal releases the permit.</returns>
    public ValueTask<Releaser> AcquireAsync(CancellationToken cancellationToken = default)
    {
        var context = LoopBound.Enter(ref _loop, this);
        if (!Locked && !cancellationToken.IsCancellationRequested)
        {
            _value--;
            return new ValueTask<Releaser>(new Releaser(this));
        }

        var w = ParkedWaiter<Releaser>.Park(context, _waiters, this, new Releaser(this), cancellationToken);
        return new ValueTask<Releaser>(w, w.Version);
    }

    /// <summary>Takes a permit if one is free and nobody waits (the non-waiting twin of <see cref="AcquireAsync"/>).</summary>
    public bool TryAcquire()
    {
        LoopBound.Enter(ref _loop, this);
        if (Locked)
        {
            return false;
        }

        _value--;
        return true;
    }

    /// <summary>Gives a permit back, handing it to the longest waiter if there is one: asyncio's <c>release()</c>.</summary>
    /// <exception cref="SemaphoreFullException">A <see cref="AsyncBoundedSemaphore"/> was released more often than acquired.</exception>
    public void Release()
    {
        LoopBound.Enter(ref _loop, this);
        CheckRelease(_value);
        PassPermit();
    }

    /// <summary>A snapshot of the semaphore's state.</summary>
    public SemaphoreStatistics Statistics() => new(_value, InitialValue, _waiters.Count);

    /// <inheritdoc/>
    public override string ToString() => $"<{GetType().Name} value={_value} waiters={_waiters.Count}>";

    /// <summary>Lets <see cref="AsyncBoundedSemaphore"/> refuse a release above its initial value.</summary>
    private protected virtual void CheckRelease(int value)
    {
    }

    private void PassPermit()
    {
        if (_waiters.First is null)
        {
            _value++;
        }
        else
        {
            _waiters.WakeFirst(new Releaser(this), handOver: true);
        }
    }

    void IReleasable.ReleaseHeld() => Release();

    void IParkingOwner<Releaser>.Left(ParkedWaiter<Releaser> waiter)
    {
    }

    bool IParkingOwner<Releaser>.Revoke(ParkedWaiter<Releaser> waiter)
    {
        waiter.Woken = false;
        PassPermit();
        return true;
    }

    void IParkingOwner<Releaser>.Claim(ParkedWaiter<Releaser> waiter, ref Exception? error)
    {
    }

    bool IParkingOwner<Releaser>.CancelParked(ParkedWaiter<Releaser> waiter, CancelledError error) => false;
}
