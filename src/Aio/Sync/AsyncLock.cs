using System.Diagnostics;

namespace Aio;

/// <summary>
/// A mutual-exclusion lock for tasks on one loop: asyncio's <c>asyncio.Lock</c>. Not reentrant; only the task
/// that acquired it may release it (asyncio does not check this; Aio does).
/// </summary>
/// <remarks>
/// Strictly FIFO-fair: <see cref="Release"/> reserves the lock for the longest waiter (<see cref="Locked"/> is
/// false until it runs, as in asyncio), and a newcomer queues behind it. A woken waiter cancelled before it runs
/// passes the lock to the next waiter. Use it as a scope with
/// <c>using (await gate.AcquireAsync()) { … }</c> (see <see cref="Releaser"/>). Loop thread only.
/// </remarks>
[DebuggerDisplay("{ToString(),nq}")]
public sealed class AsyncLock : IParkingOwner<Releaser>, IReleasable
{
    private readonly ParkingLot<Releaser> _waiters = new();
    private EventLoop? _loop;
    private bool _locked;
    private bool _reserved;
    private AioTask? _owner;

    /// <summary>Whether the lock is held: asyncio's <c>locked()</c>.</summary>
    public bool Locked => _locked;

    /// <summary>
    /// Acquires the lock, waiting in FIFO order while it is held or handed to an earlier waiter: asyncio's
    /// <c>acquire()</c>. An Aio wait: the task's cancellation, enclosing cancel scopes and
    /// <paramref name="cancellationToken"/> interrupt it with <see cref="CancelledError"/>, and then the lock is
    /// not held. A free lock is taken at once without a checkpoint, as in asyncio.
    /// </summary>
    /// <returns>A <see cref="Releaser"/> whose disposal releases the lock.</returns>
    public ValueTask<Releaser> AcquireAsync(CancellationToken cancellationToken = default)
    {
        var context = LoopBound.Enter(ref _loop, this);
        if (IsFree && !cancellationToken.IsCancellationRequested)
        {
            Take(context.Task);
            return new ValueTask<Releaser>(new Releaser(this));
        }

        var w = ParkedWaiter<Releaser>.Park(context, _waiters, this, new Releaser(this), cancellationToken);
        return new ValueTask<Releaser>(w, w.Version);
    }

    /// <summary>Takes the lock if it is free and nobody waits for it (the non-waiting twin of <see cref="AcquireAsync"/>).</summary>
    public bool TryAcquire()
    {
        var context = LoopBound.Enter(ref _loop, this);
        if (!IsFree)
        {
            return false;
        }

        Take(context.Task);
        return true;
    }

    /// <summary>Releases the lock and wakes the longest waiter: asyncio's <c>release()</c>.</summary>
    /// <exception cref="InvalidOperationException">The lock is not held ("AsyncLock is not acquired."), or another task holds it.</exception>
    public void Release()
    {
        var context = LoopBound.Enter(ref _loop, this);
        if (!_locked)
        {
            throw new InvalidOperationException("AsyncLock is not acquired.");
        }

        if (_owner is not null && !ReferenceEquals(_owner, context.Task))
        {
            var by = context.Task is null ? "code outside any task" : $"task '{context.Task.Name}'";
            throw new InvalidOperationException($"AsyncLock is held by task '{_owner.Name}' and cannot be released by {by}.");
        }

        Unlock();
    }

    /// <summary>A snapshot of the lock's state.</summary>
    public LockStatistics Statistics() => new(_locked, _owner, _waiters.Count, _reserved);

    /// <inheritdoc/>
    public override string ToString() =>
        $"<AsyncLock {(_locked ? "locked" : "unlocked")}{(_owner is null ? "" : $" owner='{_owner.Name}'")} waiters={_waiters.Count}>";

    private bool IsFree => !_locked && !_reserved && _waiters.Count == 0;

    /// <summary>Whether the code running in <paramref name="task"/> holds the lock (for <see cref="AsyncCondition"/>).</summary>
    internal bool IsHeldBy(AioTask? task) => _locked && (_owner is null || ReferenceEquals(_owner, task));

    /// <summary>Binds the lock to the caller's loop and gives the caller's context.</summary>
    internal AioContext Enter() => LoopBound.Enter(ref _loop, this);

    /// <summary>Releases without the owner check; the caller checked.</summary>
    internal void Unlock()
    {
        _locked = false;
        _owner = null;
        WakeNext();
    }

    /// <summary>Queues a waiter that another primitive prepared (a <see cref="AsyncCondition"/> waiter re-acquiring).</summary>
    internal void Enqueue(ParkedWaiter<Releaser> waiter)
    {
        _waiters.Park(waiter);
        if (!_locked && !_reserved)
        {
            WakeNext();
        }
    }

    /// <summary>Gives the lock to a woken waiter that now runs.</summary>
    internal void ClaimFor(ParkedWaiter<Releaser> waiter)
    {
        _reserved = false;
        Take(waiter.Context.Task);
    }

    /// <summary>Takes back the reservation of a woken waiter that was cancelled, and offers the lock on.</summary>
    internal void Unreserve()
    {
        _reserved = false;
        WakeNext();
    }

    private void Take(AioTask? task)
    {
        _locked = true;
        _owner = task;
    }

    private void WakeNext()
    {
        if (_waiters.First is not null)
        {
            _reserved = true;
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
        Unreserve();
        return true;
    }

    void IParkingOwner<Releaser>.Claim(ParkedWaiter<Releaser> waiter, ref Exception? error) => ClaimFor(waiter);

    bool IParkingOwner<Releaser>.CancelParked(ParkedWaiter<Releaser> waiter, CancelledError error) => false;
}
