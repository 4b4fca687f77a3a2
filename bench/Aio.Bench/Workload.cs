namespace Aio.Bench;

/// <summary>
/// One micro benchmark of the anchors' kit: its RESULT name and unit, a small run that warms the JIT up (not
/// measured), and the measurement itself, which runs its own fresh loop.
/// </summary>
internal sealed record Workload(string Name, string Unit, Action WarmUp, Func<Sample> Measure);
