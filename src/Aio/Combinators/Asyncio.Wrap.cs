namespace Aio;

public static partial class Asyncio
{
    /// <summary>
    /// A future on the running loop that completes with <paramref name="task"/>: asyncio's <c>wrap_future()</c>.
    /// Awaiting it is an Aio wait, so cancelling the awaiting task interrupts the wait (the .NET task keeps
    /// running: cancellation abandons it, as asyncio does with executor futures).
    /// </summary>
    public static Future<T> WrapTask<T>(Task<T> task)
    {
        ArgumentNullException.ThrowIfNull(task);
        return new TaskFuture<T>(GetRunningLoop(), task);
    }

    /// <summary>A future on the running loop that completes with <paramref name="task"/>; see <see cref="WrapTask{T}(Task{T})"/>.</summary>
    public static Future<object?> WrapTask(Task task)
    {
        ArgumentNullException.ThrowIfNull(task);
        return new TaskFuture<object?>(GetRunningLoop(), task);
    }
}
