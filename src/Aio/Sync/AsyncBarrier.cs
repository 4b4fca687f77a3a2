using System.Diagnostics;

namespace Aio;

/// <summary>
/// Lets <see cref="Parties"/> tasks wait until all of them have arrived: asyncio's <c>asyncio.Barrier</c>.
/// Loop thread only.
/// </summary>
/// <remarks>
/// Each passage gives every party a distinct index 0..<see cref="Parties"/>-1 in arrival order (the last to
/// arrive gets <see cref="Parties"/>-1). A waiter cancelled before the passage leaves, and the indices of that
/// passage stay distinct. After a passage the barrier is immediately ready for the next one.
/// </remarks>
[DebuggerDisplay("{ToString(),nq}")]
public sealed class AsyncBarrier : IParkingOwner<int>
{
    private readonly ParkingLot<int> _waiters = new();
    private EventLoop? _loop;
    private bool _broken;

    /// <summary>Creates a barrier for <paramref name="parties"/> tasks.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="parties"/> is less than 1.</exception>
    public AsyncBarrier(int parties)
    {
        if (parties < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(parties), parties, "parties must be > 0");
        }

        Parties = parties;
    }

    /// <summary>The number of tasks that must arrive to pass: asyncio's <c>parties</c>.</summary>
    public int Parties { get; }

    /// <summary>The number of tasks waiting: asyncio's <c>n_waiting</c>.</summary>
    public int Waiting => _waiters.Count;

    /// <summary>Whether the barrier is broken (<see cref="Abort"/>): asyncio's <c>broken</c>.</summary>
    public bool Broken => _broken;

    /// <summary>
    /// Waits until <see cref="Parties"/> tasks have arrived and returns this task's index: asyncio's
    /// <c>wait()</c>. An Aio wait: the task's cancellation, enclosing cancel scopes and
    /// <paramref name="cancellationToken"/> interrupt it, and the task leaves the barrier.
    /// </summary>
    /// <exception cref="BrokenBarrierError">The barrier is broken, or was aborted or reset while waiting.</exception>
    public ValueTask<int> WaitAsync(CancellationToken cancellationToken = default)
    {
        var context = LoopBound.Enter(ref _loop, this);
        if (_broken)
        {
            return ValueTask.FromException<int>(new BrokenBarrierError());
        }

        if (_waiters.Count + 1 == Parties)
        {
            var index = 0;
            while (_waiters.WakeFirst(index, handOver: false) is not null)
            {
                index++;
            }

            return new ValueTask<int>(index);
        }

        var w = ParkedWaiter<int>.Park(context, _waiters, this, 0, cancellationToken);
        return new ValueTask<int>(w, w.Version);
    }

    /// <summary>
    /// Breaks the barrier: every waiting and future <see cref="WaitAsync"/> raises <see cref="BrokenBarrierError"/>
    /// until <see cref="Reset"/>: asyncio's <c>abort()</c> (synchronous here).
    /// </summary>
    public void Abort()
    {
        LoopBound.Enter(ref _loop, this);
        _broken = true;
        _waiters.FailAll(static () => new BrokenBarrierError());
    }

    /// <summary>
    /// Returns the barrier to its empty state: waiting tasks raise <see cref="BrokenBarrierError"/>, a broken
    /// barrier becomes usable again: asyncio's <c>reset()</c> (synchronous here).
    /// </summary>
    public void Reset()
    {
        LoopBound.Enter(ref _loop, this);
        _waiters.FailAll(static () => new BrokenBarrierError());
        _broken = false;
    }

    /// <summary>A snapshot of the barrier's state.</summary>
    public BarrierStatistics Statistics() => new(Parties, _waiters.Count, _broken);

    /// <inheritdoc/>
    public override string ToString() => $"<AsyncBarrier parties={Parties} waiting={_waiters.Count}{(_broken ? " broken" : "")}>";

    void IParkingOwner<int>.Left(ParkedWaiter<int> waiter)
    {
    }

    bool IParkingOwner<int>.Revoke(ParkedWaiter<int> waiter) => true;

    void IParkingOwner<int>.Claim(ParkedWaiter<int> waiter, ref Exception? error)
    {
    }

    bool IParkingOwner<int>.CancelParked(ParkedWaiter<int> waiter, CancelledError error) => false;
}
