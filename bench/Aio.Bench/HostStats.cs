using System.Diagnostics;

namespace Aio.Bench;

/// <summary>
/// Readings from /proc the anchors also take (resident set size, its peak, and how busy the other processes on
/// the machine were during a measurement: <c>other_cpu</c>, in cores), plus the runtime's own counters: time
/// spent in garbage-collection pauses, collections per generation, bytes allocated, and minor page faults.
/// </summary>
internal static class HostStats
{
    private const double ClockTicksPerSecond = 100;

    public static long Rss()
    {
        var fields = File.ReadAllText("/proc/self/statm").Split(' ');
        return long.Parse(fields[1]) * Environment.SystemPageSize;
    }

    public static long PeakRss()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
            }
        }

        return 0;
    }

    /// <summary>Page faults the process has taken without reading from disk: mostly memory touched for the first time.</summary>
    public static long MinorFaults()
    {
        // Field 10 of /proc/self/stat; the command name before it (field 2, in parentheses) may contain spaces.
        var stat = File.ReadAllText("/proc/self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[7]);
    }

    /// <summary>Takes the readings a measurement starts from; pass them to <see cref="Stop"/> when it ends.</summary>
    public static Snapshot Start() => new(
        BusyJiffies(),
        Process.GetCurrentProcess().TotalProcessorTime,
        GC.GetTotalPauseDuration(),
        GC.CollectionCount(0),
        GC.CollectionCount(1),
        GC.CollectionCount(2),
        GC.GetTotalAllocatedBytes(precise: true),
        MinorFaults(),
        Stopwatch.GetTimestamp());

    /// <summary>What happened since <paramref name="start"/>, as extras for a <see cref="Sample"/>.</summary>
    public static IReadOnlyDictionary<string, double> Stop(Snapshot start)
    {
        var wall = Math.Max(1e-6, Stopwatch.GetElapsedTime(start.Timestamp).TotalSeconds);
        var busy = (BusyJiffies() - start.Busy) / ClockTicksPerSecond / wall;
        var own = (Process.GetCurrentProcess().TotalProcessorTime - start.Own).TotalSeconds / wall;
        return new Dictionary<string, double>
        {
            ["other_cpu"] = Math.Max(0, busy - own),
            ["gc_pause_s"] = (GC.GetTotalPauseDuration() - start.GcPause).TotalSeconds,
            ["gc0"] = GC.CollectionCount(0) - start.Gen0,
            ["gc1"] = GC.CollectionCount(1) - start.Gen1,
            ["gc2"] = GC.CollectionCount(2) - start.Gen2,
            ["alloc_mib"] = (GC.GetTotalAllocatedBytes(precise: true) - start.Allocated) / 1048576.0,
            ["minflt"] = MinorFaults() - start.MinorFaults,
        };
    }

    private static long BusyJiffies()
    {
        using var reader = new StreamReader("/proc/stat");
        var v = reader.ReadLine()!.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(long.Parse).ToArray();
        return v[0] + v[1] + v[2] + v[5] + v[6];
    }

    /// <summary>The readings at the start of a measurement.</summary>
    internal readonly record struct Snapshot(
        long Busy, TimeSpan Own, TimeSpan GcPause, int Gen0, int Gen1, int Gen2, long Allocated, long MinorFaults, long Timestamp);
}
