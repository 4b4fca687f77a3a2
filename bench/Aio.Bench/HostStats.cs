using System.Diagnostics;

namespace Aio.Bench;

/// <summary>
/// Readings from /proc the anchors also take: resident set size, its peak, and how busy the other processes on
/// the machine were during a measurement (<c>other_cpu</c>, in cores).
/// </summary>
internal static class HostStats
{
    private static readonly double s_clockTicksPerSecond = 100;

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

    /// <summary>A snapshot to pass to <see cref="OtherCpu"/> when the measurement ends.</summary>
    public static (long Busy, TimeSpan Own, long Start) Snapshot() =>
        (BusyJiffies(), Process.GetCurrentProcess().TotalProcessorTime, Stopwatch.GetTimestamp());

    /// <summary>Cores used by other processes since <paramref name="start"/> (system busy minus this process).</summary>
    public static double OtherCpu((long Busy, TimeSpan Own, long Start) start)
    {
        var wall = Math.Max(1e-6, Stopwatch.GetElapsedTime(start.Start).TotalSeconds);
        var busy = (BusyJiffies() - start.Busy) / s_clockTicksPerSecond / wall;
        var own = (Process.GetCurrentProcess().TotalProcessorTime - start.Own).TotalSeconds / wall;
        return Math.Max(0, busy - own);
    }

    private static long BusyJiffies()
    {
        using var reader = new StreamReader("/proc/stat");
        var v = reader.ReadLine()!.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(long.Parse).ToArray();
        return v[0] + v[1] + v[2] + v[5] + v[6];
    }
}
