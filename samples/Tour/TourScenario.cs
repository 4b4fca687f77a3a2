namespace Aio.Samples.Tour;

/// <summary>
/// One scenario of asyncio's introductory material, re-created with Aio. Its body runs inside
/// <see cref="Asyncio.Run(Func{Task}, bool?, Func{EventLoop}?)"/>, one fresh loop per scenario, as each asyncio
/// example is its own <c>asyncio.run(main())</c>.
/// </summary>
public abstract class TourScenario
{
    /// <summary>The short name used on the command line (<c>dotnet run --project samples/Tour -- gather</c>).</summary>
    public abstract string Name { get; }

    /// <summary>What the scenario shows, in one line.</summary>
    public abstract string Title { get; }

    /// <summary>The heading printed before the scenario runs.</summary>
    public string Heading => $"== {Name}: {Title} ==";

    /// <summary>The scenario's <c>main()</c>: runs on the loop, prints through <paramref name="tour"/>.</summary>
    public abstract Task RunAsync(TourContext tour);
}
