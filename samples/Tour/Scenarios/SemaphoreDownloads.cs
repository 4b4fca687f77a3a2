using static Aio.Asyncio;

namespace Aio.Samples.Tour.Scenarios;

/// <summary>
/// <c>async with asyncio.Semaphore(3)</c>: nine one-second downloads, at most three at a time, so about three
/// seconds in all; the peak number running at once is printed.
/// </summary>
public sealed class SemaphoreDownloads : TourScenario
{
    /// <inheritdoc/>
    public override string Name => "semaphore";

    /// <inheritdoc/>
    public override string Title => "AsyncSemaphore(3): nine downloads, three at a time";

    /// <inheritdoc/>
    public override async Task RunAsync(TourContext tour)
    {
        var limit = new AsyncSemaphore(3);
        var running = 0;
        var peak = 0;
        async Task<string> Download(int n)
        {
            using (await limit.AcquireAsync())
            {
                running++;
                peak = Math.Max(peak, running);
                tour.Log($"download {n} started ({running} running)");
                await Sleep(tour.Seconds(1));
                running--;
                return $"file{n}";
            }
        }

        await tour.TimeAsync("nine downloads, three at a time", tour.Seconds(3), async () =>
        {
            var files = await Gather(Enumerable.Range(1, 9).Select(n => (Func<Task<string>>)(() => Download(n))).ToArray());
            tour.Log($"got {string.Join(", ", files)}; at most {peak} ran at once");
        });
    }
}
