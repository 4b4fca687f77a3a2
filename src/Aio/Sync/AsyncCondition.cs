using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Aio;

/// <summary>
/// A condition variable over a <see cref="AsyncLock"/> (its own or a shared one): asyncio's <c>asyncio.Condition</c>.
/// </summary>
/// <remarks>
/// <see cref="WaitAsync"/> releases the lock, waits for a notification and always re-acquires the lock before it
/// returns or throws — also when it is cancelled (asyncio's rule). Notifications wake waiters in FIFO order; a
/// waiter that was notified and then cancelled passes the notification to another waiter. Loop thread only.
/// </remarks>
[DebuggerDisplay("{ToString(),nq}")]
public sealed class AsyncCondition : IParkingOwner<Releaser>
{
    private const int Notified = 1;
    private const int Renotified = 2;

    private readonly AsyncLock _lock;
    private readonly ParkingLot<Releaser> _waiters = new();

    /// <summary>Creates a condition over <paramref name="lock"/>, or over a new lock when it is null.</summary>
    public AsyncCondition(AsyncLock? @lock = null) => _lock = @lock ?? new AsyncLock();

    /// <summary>Whether the underlying lock is held: asyncio's <c>locked()</c>.</summary>
    public bool Locked => _lock.Locked;

    /// <summary>Acquires the underlying lock: asyncio's <c>acquire()</c> (see <see cref="AsyncLock.AcquireAsync"/>).</summary>
    public ValueTask<Releaser> AcquireAsync(CancellationToken cancellationToken = default) => _lock.AcquireAsync(cancellationToken);

    /// <summary>Releases the underlying lock: asyncio's <c>release()</c>.</summary>
    public void Release() => _lock.Release();

    /// <summary>
    /// Releases the lock, waits until notified, then re-acquires the lock: asyncio's <c>wait()</c>. An Aio wait:
    /// the task's cancellation, enclosing cancel scopes and <paramref name="cancellationToken"/> end it with
    /// <see cref="CancelledError"/>, but only once the lock is held again.
    /// </summary>
    /// <exception cref="InvalidOperationException">The calling task does not hold the lock ("cannot wait on un-acquired lock").</exception>
    public ValueTask WaitAsync(CancellationToken cancellationToken = default)
    {
        var context = _lock.Enter();
        if (!_lock.IsHeldBy(context.Task))
        {
            throw new InvalidOperationException("cannot wait on un-acquired lock");
        }

        _lock.Unlock();
        var w = ParkedWaiter<Releaser>.Rent(context.Loop, this);
        w.CustomCancel = true;
        _waiters.Park(w);
        w.Arm(context);
        w.WatchToken(cancellationToken);
        return new ValueTask(w, w.Version);
    }

    /// <summary>
    /// Waits until <paramref name="predicate"/> is true, checking it first and after every notification:
    /// asyncio's <c>wait_for(predicate)</c>. The lock is needed only if it has to wait.
    /// </summary>
    [AsyncMethodBuilder(typeof(AioMethodBuilder))]
    public async ValueTask WaitForAsync(Func<bool> predicate, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        while (!predicate())
        {
            await WaitAsync(cancellationToken);
        }
    }

    /// <summary>Wakes up to <paramref name="n"/> waiters in FIFO order: asyncio's <c>notify(n)</c>.</summary>
    /// <exception cref="InvalidOperationException">The calling task does not hold the lock ("cannot notify on un-acquired lock").</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="n"/> is negative.</exception>
    public void Notify(int n = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        var context = _lock.Enter();
        if (!_lock.IsHeldBy(context.Task))
        {
            throw new InvalidOperationException("cannot notify on un-acquired lock");
        }

        NotifyCore(n);
    }

    /// <summary>Wakes every waiter: asyncio's <c>notify_all()</c>.</summary>
    /// <exception cref="InvalidOperationException">The calling task does not hold the lock.</exception>
    public void NotifyAll() => Notify(_waiters.Count);

    /// <summary>A snapshot of the condition's state.</summary>
    public ConditionStatistics Statistics() => new(_waiters.Count, _lock.Statistics());

    /// <inheritdoc/>
    public override string ToString() => $"<AsyncCondition {(_lock.Locked ? "locked" : "unlocked")} waiters={_waiters.Count}>";

    private void NotifyCore(int n)
    {
        for (var i = 0; i < n && _waiters.First is { } w; i++)
        {
            _waiters.Remove(w);
            w.Flags |= Notified;
            _lock.Enqueue(w);
        }
    }

    /// <summary>A notification reached a waiter that will not return normally: give it to another waiter.</summary>
    private void PassNotificationOn(ParkedWaiter<Releaser> waiter)
    {
        if ((waiter.Flags & (Notified | Renotified)) == Notified)
        {
            waiter.Flags |= Renotified;
            NotifyCore(1);
        }
    }

    void IParkingOwner<Releaser>.Left(ParkedWaiter<Releaser> waiter)
    {
    }

    bool IParkingOwner<Releaser>.CancelParked(ParkedWaiter<Releaser> waiter, CancelledError error)
    {
        // asyncio re-raises the most recent cancellation once the lock is held again.
        waiter.HeldCancel = error;
        if (ReferenceEquals(waiter.Lot, _waiters))
        {
            _waiters.Remove(waiter);
            _lock.Enqueue(waiter);
        }
        else
        {
            PassNotificationOn(waiter);
        }

        return true;
    }

    bool IParkingOwner<Releaser>.Revoke(ParkedWaiter<Releaser> waiter)
    {
        // The lock stays reserved for this waiter: it re-acquires it and then raises the cancellation.
        PassNotificationOn(waiter);
        return true;
    }

    void IParkingOwner<Releaser>.Claim(ParkedWaiter<Releaser> waiter, ref Exception? error)
    {
        _lock.ClaimFor(waiter);
        if (waiter.HeldCancel is { } cancel)
        {
            error = cancel;
        }
    }
}
