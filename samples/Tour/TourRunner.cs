namespace Aio.Samples.Tour;

/// <summary>Runs scenarios one after another, each on a fresh loop under its heading.</summary>
public static class TourRunner
{
    /// <summary>Runs <paramref name="scenarios"/> in order; a failing scenario stops the tour with its exception.</summary>
    public static void Run(IEnumerable<TourScenario> scenarios, TourContext tour)
    {
        ArgumentNullException.ThrowIfNull(scenarios);
        ArgumentNullException.ThrowIfNull(tour);
        foreach (var scenario in scenarios)
        {
            tour.Out.WriteLine(scenario.Heading);
            tour.RestartClock();
            Asyncio.Run(() => scenario.RunAsync(tour));
            tour.Out.WriteLine();
        }
    }
}
