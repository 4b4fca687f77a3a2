using static Aio.Asyncio;

namespace Aio.Samples.Tour.Scenarios;

/// <summary>
/// asyncio's <c>say_after</c> example: awaiting two coroutines directly takes 1 s + 2 s; creating both as tasks
/// first starts them at once, so awaiting them afterwards takes only as long as the longer one.
/// </summary>
public sealed class CreateTaskThenAwait : TourScenario
{
    /// <inheritdoc/>
    public override string Name => "create-task";

    /// <inheritdoc/>
    public override string Title => "CreateTask then await: say_after(1, hello) and say_after(2, world) in ~2 s, not 3";

    /// <inheritdoc/>
    public override async Task RunAsync(TourContext tour)
    {
        async Task SayAfter(double delay, string what)
        {
            await Sleep(tour.Seconds(delay));
            tour.Log(what);
        }

        await tour.TimeAsync("tasks created, then awaited", tour.Seconds(2), async () =>
        {
            var task1 = CreateTask(() => SayAfter(1, "hello"), name: "say-hello");
            var task2 = CreateTask(() => SayAfter(2, "world"), name: "say-world");
            tour.Log($"started {task1.Name} and {task2.Name}; both run while main waits");
            await task1;
            await task2;
            tour.Log($"{task1.Name} done={task1.Done}, {task2.Name} done={task2.Done}");
        });
    }
}
