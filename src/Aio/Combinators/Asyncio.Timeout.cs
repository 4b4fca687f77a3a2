namespace Aio;

public static partial class Asyncio
{
    /// <summary>
    /// Runs <paramref name="body"/> with a deadline <paramref name="delaySeconds"/> from now (null: none):
    /// asyncio's <c>async with asyncio.timeout(delay)</c>. At the deadline every wait inside the body is
    /// cancelled; if that cancellation ends the body, <see cref="TimeoutException"/> is raised (its inner
    /// exception is the <see cref="CancelledError"/>). Any other cancellation — of the task, of an enclosing
    /// scope — propagates unchanged, so an outer cancellation is never mistaken for a timeout.
    /// </summary>
    /// <exception cref="TimeoutException">The deadline passed and ended the body.</exception>
    public static Task Timeout(double? delaySeconds, Func<TimeoutScope, Task> body) =>
        TimeoutAt(DeadlineFromDelay(delaySeconds), body);

    /// <summary>A timeout scope around a body with a result; see <see cref="Timeout(double?, Func{TimeoutScope, Task})"/>.</summary>
    public static Task<T> Timeout<T>(double? delaySeconds, Func<TimeoutScope, Task<T>> body) =>
        TimeoutAt(DeadlineFromDelay(delaySeconds), body);

    /// <summary>A timeout scope whose body does not need the handle.</summary>
    public static Task Timeout(double? delaySeconds, Func<Task> body) =>
        TimeoutAt(DeadlineFromDelay(delaySeconds), _ => body());

    /// <summary>A timeout scope with a result whose body does not need the handle.</summary>
    public static Task<T> Timeout<T>(double? delaySeconds, Func<Task<T>> body) =>
        TimeoutAt(DeadlineFromDelay(delaySeconds), _ => body());

    /// <summary>A timeout scope given a <see cref="TimeSpan"/>.</summary>
    public static Task Timeout(TimeSpan delay, Func<Task> body) => Timeout(delay.TotalSeconds, body);

    /// <summary>A timeout scope with a result given a <see cref="TimeSpan"/>.</summary>
    public static Task<T> Timeout<T>(TimeSpan delay, Func<Task<T>> body) => Timeout(delay.TotalSeconds, body);

    /// <summary>
    /// A timeout scope with an absolute deadline in loop time (null: none): asyncio's <c>timeout_at(when)</c>.
    /// </summary>
    public static Task TimeoutAt(double? when, Func<TimeoutScope, Task> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var t = new TimeoutScope(when);
        return t.Scope.RunCore<object?>(_ => body(t));
    }

    /// <summary>A timeout scope with an absolute deadline and a result.</summary>
    public static Task<T> TimeoutAt<T>(double? when, Func<TimeoutScope, Task<T>> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var t = new TimeoutScope(when);
        return t.Scope.RunCore<T>(_ => body(t));
    }

    /// <summary>
    /// Runs <paramref name="body"/> and simply stops it, without an error, if it is still running after
    /// <paramref name="delaySeconds"/> (Trio's <c>move_on_after</c>). The scope tells whether it did.
    /// </summary>
    public static async Task<CancelScope> MoveOnAfter(double delaySeconds, Func<CancelScope, Task> body)
    {
        var scope = new CancelScope(DeadlineFromDelay(delaySeconds) ?? double.PositiveInfinity);
        await scope.RunAsync(body);
        return scope;
    }

    private static double? DeadlineFromDelay(double? delaySeconds)
    {
        if (delaySeconds is not { } d)
        {
            return null;
        }

        if (double.IsNaN(d))
        {
            throw new ArgumentException("Invalid delay: NaN (not a number)", nameof(delaySeconds));
        }

        return GetRunningLoop().Time() + d;
    }
}
