using System.Globalization;

namespace Aio.Bench;

/// <summary>Formats the anchors' <c>RESULT name=… impl=csharp value=… unit=…</c> line from a set of samples.</summary>
internal static class ResultLine
{
    public static string Summarize(string name, string unit, IReadOnlyList<Sample> samples)
    {
        if (samples.Count == 0)
        {
            return $"RESULT name={name} impl=csharp value=nan unit={unit} n=0";
        }

        var values = samples.Select(s => s.Value).ToList();
        var parts = new List<string>
        {
            $"RESULT name={name}",
            "impl=csharp",
            $"value={Fmt(Median(values))}",
            $"unit={unit}",
            $"min={Fmt(values.Min())}",
            $"max={Fmt(values.Max())}",
        };
        foreach (var key in samples[0].Extras.Keys)
        {
            parts.Add($"{key}={Fmt(Median(samples.Select(s => s.Extras.GetValueOrDefault(key, double.NaN)).ToList()))}");
        }

        parts.Add($"n={samples.Count}");
        return string.Join(' ', parts);
    }

    public static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToArray();
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /// <summary>The anchors' number format (anchorlib.fmt): 0 decimals from 100, 3 from 1, else 4 significant digits.</summary>
    public static string Fmt(double x)
    {
        if (double.IsNaN(x))
        {
            return "nan";
        }

        var inv = CultureInfo.InvariantCulture;
        return Math.Abs(x) >= 100 ? x.ToString("0", inv)
            : Math.Abs(x) >= 1 ? x.ToString("0.000", inv)
            : x.ToString("G4", inv);
    }
}
