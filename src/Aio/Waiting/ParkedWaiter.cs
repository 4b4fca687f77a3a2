using System.Threading.Tasks.Sources;

namespace Aio;

/// <summary>
/// The pooled wait of every primitive, queue and channel: a <see cref="Waiter{T}"/> that sits in a
/// <see cref="ParkingLot{T}"/>. A wake-up may hand over a reservation (a lock, a queued item, a free slot) that
/// the owner claims only when the task actually runs; a cancellation that lands in between gives it back
/// through <see cref="IParkingOwner{T}.Revoke"/>, so nothing is lost and nobody barges.
/// </summary>
internal sealed class ParkedWaiter<T> : Waiter<T>, IValueTaskSource, IValueTaskSource<T>
{
    internal ParkedWaiter<T>? Prev;
    internal ParkedWaiter<T>? Next;
    internal ParkingLot<T>? Lot;
    internal IParkingOwner<T> Owner = null!;

    /// <summary>Woken with a reservation the owner must claim or take back.</summary>
    internal bool Woken;

    /// <summary>Cancellations go to <see cref="IParkingOwner{T}.CancelParked"/> instead of ending the wait.</summary>
    internal bool CustomCancel;

    /// <summary>Owner-defined flags for the current wait.</summary>
    internal int Flags;

    /// <summary>Owner-defined state for the current wait.</summary>
    internal object? State;

    /// <summary>A cancellation the owner holds back until it can complete the wait.</summary>
    internal CancelledError? HeldCancel;

    private CancellationTokenRegistration _ownToken;

    /// <summary>
    /// Parks a new waiter for <paramref name="owner"/> in <paramref name="lot"/>, then arms it in
    /// <paramref name="context"/>; an already pending cancellation takes it straight out again.
    /// </summary>
    internal static ParkedWaiter<T> Park(
        AioContext context,
        ParkingLot<T> lot,
        IParkingOwner<T> owner,
        T value,
        CancellationToken token,
        int flags = 0,
        object? state = null)
    {
        var w = context.Loop.Pool<ParkedWaiter<T>>().Rent();
        w.Owner = owner;
        w.Value = value;
        w.Flags = flags;
        w.State = state;
        lot.Park(w);
        w.Arm(context, token);
        return w;
    }

    /// <summary>Rents a waiter for <paramref name="owner"/> that the owner parks and arms itself.</summary>
    internal static ParkedWaiter<T> Rent(EventLoop loop, IParkingOwner<T> owner)
    {
        var w = loop.Pool<ParkedWaiter<T>>().Rent();
        w.Owner = owner;
        return w;
    }

    internal T PeekValue() => Value;

    internal void SetValue(T value) => Value = value;

    /// <summary>
    /// Watches <paramref name="token"/> without ending the wait on its own: a cancellation is routed through
    /// <see cref="Waiter.TryCancelWait"/>, as a task cancellation would be (for <see cref="CustomCancel"/> waits).
    /// </summary>
    internal void WatchToken(CancellationToken token)
    {
        if (!token.CanBeCanceled)
        {
            return;
        }

        if (token.IsCancellationRequested)
        {
            TryCancelWait(new CancelledError(null, token));
            return;
        }

        var version = Version;
        _ownToken = token.UnsafeRegister(
            static (s, t) =>
            {
                var (w, v) = ((ParkedWaiter<T>, short))s!;
                w.Loop.PostFromAnyThread(
                    new Action(() =>
                    {
                        if (w.Version == v && w.IsPending)
                        {
                            w.TryCancelWait(new CancelledError(null, t));
                        }
                    }),
                    null,
                    w.Loop.BaseContext);
            },
            (this, version));
    }

    private protected override bool CancelPending(CancelledError error) =>
        CustomCancel ? Owner.CancelParked(this, error) : base.CancelPending(error);

    private protected override void OnCancelled()
    {
        if (Lot is { } lot)
        {
            lot.Remove(this);
            Owner.Left(this);
        }
    }

    private protected override bool TryRevoke() => !Woken || Owner.Revoke(this);

    void IValueTaskSource.GetResult(short token)
    {
        ClaimOnResume(token);
        Value = default!;
        TakeOutcome(token);
    }

    T IValueTaskSource<T>.GetResult(short token)
    {
        ClaimOnResume(token);
        var value = Value;
        Value = default!;
        TakeOutcome(token);
        return value;
    }

    private void ClaimOnResume(short token)
    {
        if (token == Version && Woken && !IsPending)
        {
            Woken = false;
            var error = Error;
            Owner.Claim(this, ref error);
            Error = error;
        }
    }

    private protected override void Release(EventLoop loop)
    {
        if (_ownToken != default)
        {
            _ownToken.Dispose();
            _ownToken = default;
        }

        Prev = null;
        Next = null;
        Lot = null;
        Owner = null!;
        Woken = false;
        CustomCancel = false;
        Flags = 0;
        State = null;
        HeldCancel = null;
        Value = default!;
        loop.Pool<ParkedWaiter<T>>().Return(this);
    }
}
