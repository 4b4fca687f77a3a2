using static Aio.Asyncio;

namespace Aio.Samples.Tour.Scenarios;

/// <summary>
/// asyncio's <c>gather</c> example: three factorials computed step by step with a sleep between steps run
/// concurrently; the results come back in argument order, whatever order the tasks finish in.
/// </summary>
public sealed class GatherFactorials : TourScenario
{
    /// <inheritdoc/>
    public override string Name => "gather";

    /// <inheritdoc/>
    public override string Title => "Gather(factorial(A, 2), factorial(B, 3), factorial(C, 4)): results in argument order";

    /// <inheritdoc/>
    public override async Task RunAsync(TourContext tour)
    {
        async Task<long> Factorial(string name, int number)
        {
            long f = 1;
            for (var i = 2; i <= number; i++)
            {
                tour.Log($"Task {name}: compute factorial({number}), currently i={i}...");
                await Sleep(tour.Seconds(1));
                f *= i;
            }

            tour.Log($"Task {name}: factorial({number}) = {f}");
            return f;
        }

        await tour.TimeAsync("gather", tour.Seconds(3), async () =>
        {
            var results = await Gather(
                () => Factorial("A", 2),
                () => Factorial("B", 3),
                () => Factorial("C", 4));
            tour.Log($"results: [{string.Join(", ", results)}]");
        });
    }
}
