using static Aio.Asyncio;

namespace Aio.Samples.Tour.Scenarios;

/// <summary>
/// The headline: 100 simulated requests of 100 ms each take about 10 s one after another and about 0.1 s
/// together with <c>Gather</c>. In quick mode the requests take 10 ms and the sequential part runs 10 of them
/// and extrapolates to 100.
/// </summary>
public sealed class HundredRequests : TourScenario
{
    private const int Requests = 100;

    /// <inheritdoc/>
    public override string Name => "requests";

    /// <inheritdoc/>
    public override string Title => "100 simulated 100 ms requests: one after another (~10 s) vs Gather (~0.1 s)";

    /// <inheritdoc/>
    public override async Task RunAsync(TourContext tour)
    {
        var latency = tour.Seconds(0.1);

        async Task<int> Request(int id)
        {
            await Sleep(latency);
            return id;
        }

        var measured = tour.Quick ? 10 : Requests;
        var sampled = measured < Requests;
        var label = sampled ? $"{measured} requests in turn (a sample)" : $"{Requests} requests in turn";
        var took = await tour.TimeAsync(label, measured * latency, async () =>
        {
            for (var i = 0; i < measured; i++)
            {
                await Request(i);
            }
        });
        var sequential = took * Requests / measured;
        if (sampled)
        {
            tour.Say($"extrapolated to {Requests} requests in turn: {sequential:0.000} s (expected about {Requests * latency:0.###} s)");
        }

        var concurrent = await tour.TimeAsync($"{Requests} requests with Gather", latency, async () =>
        {
            var ids = await Gather(Enumerable.Range(0, Requests).Select(i => CreateTask(() => Request(i))).ToArray());
            tour.Log($"{ids.Length} responses, in request order: {ids[0]}, {ids[1]}, … {ids[^1]}");
        });
        tour.Say($"Gather was {sequential / concurrent:0}x faster than awaiting in turn");
    }
}
