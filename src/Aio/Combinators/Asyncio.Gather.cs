namespace Aio;

public static partial class Asyncio
{
    /// <summary>
    /// Waits for every task and returns their results in argument order: asyncio's <c>gather()</c>. The first
    /// failure (or a child's own cancellation) is raised at once and the other children keep running; cancelling
    /// the returned future cancels every unfinished child.
    /// </summary>
    public static Future<T[]> Gather<T>(params AioTask<T>[] tasks) => GatherTyped<T>(tasks, returnExceptions: false);

    /// <summary>Gathers futures with results of one type; see <see cref="Gather{T}(AioTask{T}[])"/>.</summary>
    public static Future<T[]> Gather<T>(params Future<T>[] futures) => GatherTyped<T>(futures, returnExceptions: false);

    /// <summary>Runs each coroutine as a task and gathers them: asyncio's <c>gather(coro1, coro2…)</c>.</summary>
    public static Future<T[]> Gather<T>(params Func<Task<T>>[] coroutines) =>
        Gather(coroutines.Select(c => CreateTask(c)).ToArray());

    /// <summary>Runs each coroutine as a task and waits for all of them; the result holds nulls.</summary>
    public static Future<object?[]> Gather(params Func<Task>[] coroutines) =>
        Gather(coroutines.Select(c => (Future)CreateTask(c)).ToArray());

    /// <summary>Gathers futures and tasks of any result type; results are boxed (null for tasks without one).</summary>
    public static Future<object?[]> Gather(params Future[] futures) =>
        GatherCore<object?>(GetRunningLoop(), CheckAll(futures), returnExceptions: false, static f => f.ResultObject);

    /// <summary>Gathers .NET tasks already running (for example async methods called directly) as futures on the loop.</summary>
    public static Future<T[]> Gather<T>(params Task<T>[] tasks) => Gather(tasks.Select(WrapTask).ToArray());

    /// <summary>Gathers .NET tasks without results already running on the loop.</summary>
    public static Future<object?[]> Gather(params Task[] tasks) => Gather(tasks.Select(t => (Future)WrapTask(t)).ToArray());

    /// <summary>
    /// asyncio's <c>gather(…, return_exceptions=True)</c>: waits for every child and returns each one's
    /// <see cref="Outcome{T}"/> (value, exception, or <see cref="CancelledError"/>) in argument order. Cancelling
    /// it still cancels the children and raises <see cref="CancelledError"/>.
    /// </summary>
    public static Future<Outcome<T>[]> GatherReturnExceptions<T>(params AioTask<T>[] tasks) =>
        GatherCore(GetRunningLoop(), CheckAll(tasks), returnExceptions: true, ReadOutcome<T>);

    /// <summary>asyncio's <c>gather(…, return_exceptions=True)</c> over futures of one result type.</summary>
    public static Future<Outcome<T>[]> GatherReturnExceptions<T>(params Future<T>[] futures) =>
        GatherCore(GetRunningLoop(), CheckAll(futures), returnExceptions: true, ReadOutcome<T>);

    /// <summary>asyncio's <c>gather(…, return_exceptions=True)</c> over futures and tasks of any result type.</summary>
    public static Future<Outcome<object?>[]> GatherReturnExceptions(params Future[] futures) =>
        GatherCore(GetRunningLoop(), CheckAll(futures), returnExceptions: true, ReadOutcome<object?>);

    internal static Future<TOut[]> GatherCore<TOut>(EventLoop loop, Future[] children, bool returnExceptions, Func<Future, TOut> read)
    {
        loop.CheckThread();
        return new GatherFuture<TOut>(loop, children, returnExceptions, read);
    }

    private static Future<T[]> GatherTyped<T>(Future[] children, bool returnExceptions) =>
        GatherCore(GetRunningLoop(), CheckAll(children), returnExceptions, static f => ((IResultOf<T>)f).ResultValue);

    private static Outcome<T> ReadOutcome<T>(Future f) =>
        f.Cancelled ? new Outcome<T>(default, f.CancellationError())
        : f.FailedWith is { } ex ? new Outcome<T>(default, ex)
        : new Outcome<T>(f is IResultOf<T> r ? r.ResultValue : (T?)f.ResultObject, null);

    private static Future[] CheckAll(Future[] futures)
    {
        ArgumentNullException.ThrowIfNull(futures);
        foreach (var f in futures)
        {
            ArgumentNullException.ThrowIfNull(f, nameof(futures));
        }

        return futures;
    }
}
