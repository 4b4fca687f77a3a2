using static Aio.Asyncio;

namespace Aio.Samples.Tour.Scenarios;

/// <summary>
/// <c>async for t in as_completed(tasks)</c>: three downloads of different lengths, handled in the order they
/// finish rather than the order they were started.
/// </summary>
public sealed class AsCompletedDownloads : TourScenario
{
    /// <inheritdoc/>
    public override string Name => "as-completed";

    /// <inheritdoc/>
    public override string Title => "AsCompleted: three downloads handled in completion order";

    /// <inheritdoc/>
    public override async Task RunAsync(TourContext tour)
    {
        async Task<string> Download(string file, double seconds)
        {
            await Sleep(tour.Seconds(seconds));
            return $"{file} ({seconds} s)";
        }

        await tour.TimeAsync("as completed", tour.Seconds(1.5), async () =>
        {
            AioTask<string>[] downloads =
            [
                CreateTask(() => Download("big.iso", 1.5)),
                CreateTask(() => Download("small.txt", 0.5)),
                CreateTask(() => Download("medium.zip", 1.0)),
            ];
            tour.Log("started big.iso, small.txt, medium.zip");
            var position = 0;
            await foreach (var done in AsCompleted(downloads))
            {
                tour.Log($"finished #{++position}: {await done}");
            }
        });
    }
}
