using System.Globalization;

namespace Aio.Bench;

/// <summary>One measurement: the figure plus named extras, as the anchors' <c>SAMPLE</c> dictionaries.</summary>
internal sealed class Sample
{
    public Sample(double value)
    {
        Value = value;
    }

    public double Value { get; }

    public SortedDictionary<string, double> Extras { get; } = new(StringComparer.Ordinal);

    public Sample With(string key, double value)
    {
        Extras[key] = value;
        return this;
    }

    public Sample WithAll(IReadOnlyDictionary<string, double> extras)
    {
        foreach (var (key, value) in extras)
        {
            Extras[key] = value;
        }

        return this;
    }

    /// <summary>The line a child process prints: <c>SAMPLE value=… key=…</c>.</summary>
    public string Format() =>
        "SAMPLE value=" + Num(Value) + string.Concat(Extras.Select(e => $" {e.Key}={Num(e.Value)}"));

    public static Sample Parse(string line)
    {
        Sample? sample = null;
        foreach (var part in line["SAMPLE ".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=');
            var value = double.Parse(part[(eq + 1)..], CultureInfo.InvariantCulture);
            if (part[..eq] == "value")
            {
                sample = new Sample(value);
            }
            else
            {
                sample!.With(part[..eq], value);
            }
        }

        return sample ?? throw new FormatException($"no value in '{line}'");
    }

    private static string Num(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
