namespace Aio.Samples.Tour;

/// <summary>
/// The tour's command line: no arguments runs every scenario; <c>--quick</c> shortens the delays;
/// <c>--list</c> prints the scenario names; names select scenarios.
/// </summary>
public static class TourProgram
{
    /// <summary>Parses <paramref name="args"/>, runs what they ask for and returns the process exit code.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        var quick = false;
        var list = false;
        var selected = new List<TourScenario>();
        foreach (var arg in args)
        {
            switch (arg)
            {
                case "--quick":
                    quick = true;
                    break;
                case "--list":
                    list = true;
                    break;
                case "-h" or "--help":
                    output.WriteLine(Usage);
                    return 0;
                default:
                    if (arg.StartsWith('-'))
                    {
                        error.WriteLine($"unknown option '{arg}'");
                        error.WriteLine(Usage);
                        return 2;
                    }

                    if (TourCatalog.Find(arg) is not { } scenario)
                    {
                        error.WriteLine($"unknown scenario '{arg}'; the scenarios are: {string.Join(", ", TourCatalog.All.Select(s => s.Name))}");
                        return 2;
                    }

                    selected.Add(scenario);
                    break;
            }
        }

        if (list)
        {
            foreach (var s in TourCatalog.All)
            {
                output.WriteLine($"{s.Name,-14} {s.Title}");
            }

            return 0;
        }

        var tour = new TourContext(output, quick);
        if (quick)
        {
            tour.Out.WriteLine("(quick mode: every simulated delay is a tenth of the full tour's)");
            tour.Out.WriteLine();
        }

        TourRunner.Run(selected.Count > 0 ? selected : TourCatalog.All, tour);
        return 0;
    }

    private static string Usage =>
        "usage: dotnet run --project samples/Tour [-- [--quick] [--list] [scenario...]]";
}
