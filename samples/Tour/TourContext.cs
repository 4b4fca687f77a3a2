using System.Diagnostics;

namespace Aio.Samples.Tour;

/// <summary>
/// What a scenario prints to and how fast it runs. In quick mode every simulated delay is a tenth of the full
/// one, so a smoke run of the whole tour takes about a second. Printing is thread-safe: a blocking function
/// moved to a worker thread with <c>ToThread</c> may log too.
/// </summary>
public sealed class TourContext
{
    private long _start = Stopwatch.GetTimestamp();

    /// <summary>Creates a context that prints to <paramref name="output"/>.</summary>
    public TourContext(TextWriter output, bool quick)
    {
        ArgumentNullException.ThrowIfNull(output);
        Out = TextWriter.Synchronized(output);
        Quick = quick;
    }

    /// <summary>Where the scenarios print.</summary>
    public TextWriter Out { get; }

    /// <summary>Whether simulated delays are shortened (and long sequential runs sampled and extrapolated).</summary>
    public bool Quick { get; }

    /// <summary>The factor applied to every simulated delay: 1, or 0.1 in quick mode.</summary>
    public double Scale => Quick ? 0.1 : 1.0;

    /// <summary>A delay of the full tour, scaled for the current mode.</summary>
    public double Seconds(double fullTourSeconds) => fullTourSeconds * Scale;

    /// <summary>Seconds since the scenario, or the part of it being timed, began.</summary>
    public double Elapsed => Stopwatch.GetElapsedTime(_start).TotalSeconds;

    /// <summary>Prints <paramref name="message"/> with the time since the current part began, like the asyncio docs' timestamps.</summary>
    public void Log(string message) => Out.WriteLine($"  [{Elapsed,6:0.000} s] {message}");

    /// <summary>Prints a line without a timestamp.</summary>
    public void Say(string message) => Out.WriteLine($"  {message}");

    /// <summary>Restarts the clock that <see cref="Log"/> and <see cref="Elapsed"/> read.</summary>
    public void RestartClock() => _start = Stopwatch.GetTimestamp();

    /// <summary>
    /// Runs <paramref name="body"/> with a restarted clock, prints how long it took next to what the scenario
    /// expects, and returns the seconds taken.
    /// </summary>
    public async Task<double> TimeAsync(string label, double expectedSeconds, Func<Task> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        Out.WriteLine($"  -- {label}");
        RestartClock();
        await body();
        var took = Elapsed;
        Out.WriteLine($"  => {label}: {took:0.000} s (expected about {expectedSeconds:0.###} s)");
        return took;
    }
}
