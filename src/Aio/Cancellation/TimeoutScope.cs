namespace Aio;

/// <summary>
/// The handle of an <see cref="Asyncio.Timeout(double?, Func{TimeoutScope, Task})"/> scope: asyncio's
/// <c>asyncio.Timeout</c> (named so it does not clash with <see cref="System.Threading.Timeout"/>). Read or move the deadline while the scope runs.
/// </summary>
public sealed class TimeoutScope
{
    private readonly CancelScope _scope;

    internal TimeoutScope(double? when)
    {
        _scope = new CancelScope(when ?? double.PositiveInfinity) { ConvertToTimeout = true };
    }

    internal CancelScope Scope => _scope;

    /// <summary>The deadline in loop time, or null for none: asyncio's <c>when()</c>.</summary>
    public double? When() => double.IsPositiveInfinity(_scope.Deadline) ? null : _scope.Deadline;

    /// <summary>Moves the deadline (null: none): asyncio's <c>reschedule()</c>.</summary>
    /// <exception cref="InvalidOperationException">The timeout is not running, or has already expired.</exception>
    public void Reschedule(double? when)
    {
        if (_scope.Task is null)
        {
            throw new InvalidOperationException("Timeout has not been entered");
        }

        if (_scope.CancelCalled || _scope.CancelledCaught)
        {
            throw new InvalidOperationException("Cannot change state of expiring Timeout");
        }

        _scope.Deadline = when ?? double.PositiveInfinity;
    }

    /// <summary>Whether the deadline was reached: asyncio's <c>expired()</c>.</summary>
    public bool Expired() => _scope.DeadlineReached;

    /// <summary>Describes the timeout.</summary>
    public override string ToString() => $"<Timeout when={When()?.ToString() ?? "None"} expired={Expired()}>";
}
