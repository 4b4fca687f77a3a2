using static Aio.Asyncio;

namespace Aio.Samples.Tour.Scenarios;

/// <summary>
/// Two simulated 1 s operations (a fetch and a read) awaited in turn take about 2 s; started as tasks with
/// <c>CreateTask</c> they overlap and take about 1 s — asyncio's first lesson.
/// </summary>
public sealed class FetchRead : TourScenario
{
    /// <inheritdoc/>
    public override string Name => "fetch-read";

    /// <inheritdoc/>
    public override string Title => "two 1 s operations awaited in turn (~2 s), then as tasks (~1 s)";

    /// <inheritdoc/>
    public override async Task RunAsync(TourContext tour)
    {
        async Task<string> Fetch()
        {
            tour.Log("fetch: start");
            await Sleep(tour.Seconds(1));
            tour.Log("fetch: done");
            return "<html>…</html>";
        }

        async Task<int> Read()
        {
            tour.Log("read: start");
            await Sleep(tour.Seconds(1));
            tour.Log("read: done");
            return 42;
        }

        await tour.TimeAsync("awaited in turn", tour.Seconds(2), async () =>
        {
            var page = await Fetch();
            var rows = await Read();
            tour.Log($"got {page.Length} chars and {rows} rows");
        });

        await tour.TimeAsync("as tasks", tour.Seconds(1), async () =>
        {
            var fetch = CreateTask(Fetch);
            var read = CreateTask(Read);
            var page = await fetch;
            var rows = await read;
            tour.Log($"got {page.Length} chars and {rows} rows");
        });
    }
}
