using System.Runtime.CompilerServices;

namespace Aio;

public static partial class Asyncio
{
    /// <summary>
    /// Suspends the calling task for <paramref name="seconds"/>: asyncio's <c>sleep()</c>. Zero or less yields
    /// exactly one loop iteration. An Aio wait: the task's cancellation and enclosing scopes interrupt it, as does
    /// <paramref name="cancellationToken"/>.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="seconds"/> is NaN.</exception>
    public static ValueTask Sleep(double seconds, CancellationToken cancellationToken = default)
    {
        if (double.IsNaN(seconds))
        {
            throw new ArgumentException("Invalid delay: NaN (not a number)", nameof(seconds));
        }

        return SleepWaiter.Start(RequireContext(), seconds, cancellationToken);
    }

    /// <summary>Suspends the calling task for <paramref name="delay"/>; see <see cref="Sleep(double, CancellationToken)"/>.</summary>
    public static ValueTask Sleep(TimeSpan delay, CancellationToken cancellationToken = default) =>
        Sleep(delay.TotalSeconds, cancellationToken);

    /// <summary>Sleeps, then returns <paramref name="result"/>: asyncio's <c>sleep(delay, result)</c>.</summary>
    [AsyncMethodBuilder(typeof(AioMethodBuilder<>))]
    public static async ValueTask<T> Sleep<T>(double seconds, T result, CancellationToken cancellationToken = default)
    {
        await Sleep(seconds, cancellationToken);
        return result;
    }
}
