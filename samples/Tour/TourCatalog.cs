using Aio.Samples.Tour.Scenarios;

namespace Aio.Samples.Tour;

/// <summary>Every scenario of the tour, in the order the tour runs them.</summary>
public static class TourCatalog
{
    /// <summary>The scenarios, in tour order.</summary>
    public static IReadOnlyList<TourScenario> All { get; } =
    [
        new FetchRead(),
        new GatherFactorials(),
        new AsCompletedDownloads(),
        new CreateTaskThenAwait(),
        new ToThreadTicker(),
        new SemaphoreDownloads(),
        new HundredRequests(),
    ];

    /// <summary>The scenario called <paramref name="name"/> (case-insensitive), or null.</summary>
    public static TourScenario? Find(string name) =>
        All.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));
}
