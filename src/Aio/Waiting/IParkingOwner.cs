namespace Aio;

/// <summary>
/// The primitive behind a <see cref="ParkedWaiter{T}"/>: it decides what a wake-up hands over, how a woken waiter
/// that is cancelled gives it back, and what the waiter takes when its task finally runs.
/// </summary>
internal interface IParkingOwner<T>
{
    /// <summary>A waiter was cancelled while still parked; it has already left its lot.</summary>
    void Left(ParkedWaiter<T> waiter);

    /// <summary>
    /// A waiter woken with a hand-over (<see cref="ParkedWaiter{T}.Woken"/>) was cancelled before its task ran:
    /// hand the item, permit or lock on, and clear <see cref="ParkedWaiter{T}.Woken"/> unless the waiter keeps it.
    /// Return false only if the wake-up cannot be taken back (the waiter then resumes normally).
    /// </summary>
    bool Revoke(ParkedWaiter<T> waiter);

    /// <summary>
    /// A waiter woken with a hand-over is resuming: take what was reserved for it (set its value), or replace
    /// <paramref name="error"/> when the reservation can no longer be honoured.
    /// </summary>
    void Claim(ParkedWaiter<T> waiter, ref Exception? error);

    /// <summary>
    /// Only for waiters with <see cref="ParkedWaiter{T}.CustomCancel"/>: a cancellation reached the waiter while it
    /// was pending. Return whether it was taken; the owner completes the waiter later.
    /// </summary>
    bool CancelParked(ParkedWaiter<T> waiter, CancelledError error);
}
