namespace Aio.Testing;

/// <summary>
/// Runs a test body on a fresh Aio loop — on virtual time by default — and fails the test if the body leaves
/// tasks running, if a task failed and nobody retrieved its exception, or if anything reached the loop's
/// exception handler (pytest-asyncio's role, with asyncio's <c>IsolatedAsyncioTestCase</c> strictness).
/// Use it from any test framework: <c>[Fact] public void X() =&gt; AioTest.Run(async clock =&gt; { … });</c>
/// </summary>
public static class AioTest
{
    /// <summary>Runs <paramref name="body"/> on a new loop and checks it left nothing behind.</summary>
    /// <exception cref="AioTestException">Leaked tasks, unobserved task errors, or errors reported to the loop.</exception>
    public static void Run(Func<Task> body, bool virtualTime = true, bool debug = true) =>
        RunCore<object?>(
            async _ =>
            {
                await body();
                return null;
            },
            virtualTime,
            debug);

    /// <summary>Runs <paramref name="body"/>, which receives the virtual clock, on a new virtual-time loop.</summary>
    public static void Run(Func<VirtualClock, Task> body, bool debug = true) =>
        RunCore<object?>(
            async c =>
            {
                await body(c!);
                return null;
            },
            virtualTime: true,
            debug);

    /// <summary>Runs <paramref name="body"/> and returns its result; see <see cref="Run(Func{Task}, bool, bool)"/>.</summary>
    public static T Run<T>(Func<Task<T>> body, bool virtualTime = true, bool debug = true) =>
        RunCore(_ => body(), virtualTime, debug);

    /// <summary>Runs <paramref name="body"/>, which receives the virtual clock, and returns its result.</summary>
    public static T Run<T>(Func<VirtualClock, Task<T>> body, bool debug = true) =>
        RunCore(c => body(c!), virtualTime: true, debug);

    /// <summary>
    /// Runs <paramref name="body"/> <paramref name="runs"/> times on virtual time, each run with a different
    /// schedule seed: the loop varies what asyncio's ordering rules leave open (the order of timers due at the same
    /// instant, the iteration in which work from other threads is picked up). A failure names the seed;
    /// <see cref="Replay(int, Func{Task})"/> runs that exact schedule again.
    /// </summary>
    /// <exception cref="AioTestException">A run failed; the message names its seed and the inner exception is the failure.</exception>
    public static void Explore(Func<Task> body, int runs = 20, int firstSeed = 1)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(runs);
        for (var seed = firstSeed; seed < firstSeed + runs; seed++)
        {
            try
            {
                Replay(seed, body);
            }
            catch (Exception e)
            {
                throw new AioTestException(
                    $"failed with schedule seed {seed}; replay it with AioTest.Replay({seed}, …): {e.Message}", e);
            }
        }
    }

    /// <summary>Runs <paramref name="body"/> once with the schedule of <paramref name="seed"/> (see <see cref="Explore"/>).</summary>
    public static void Replay(int seed, Func<Task> body) =>
        RunCore<object?>(
            async _ =>
            {
                await body();
                return null;
            },
            virtualTime: true,
            debug: true,
            scheduleSeed: seed);

    private static T RunCore<T>(Func<VirtualClock?, Task<T>> body, bool virtualTime, bool debug, int? scheduleSeed = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        var clock = virtualTime ? new VirtualClock() : null;
        var loop = new EventLoop(clock) { Debug = debug };
        if (scheduleSeed is { } seed)
        {
            loop.ScheduleRandom = new Random(seed);
        }

        var problems = new List<string>();
        loop.SetExceptionHandler((_, ctx) => problems.Add($"reported to the loop: {ctx}{(ctx.Exception is null ? string.Empty : "\n" + ctx.Exception)}"));
        loop.UnobservedFailures = new HashSet<AioTask>();
        T result;
        using (var runner = new Runner(debug, () => loop))
        {
            result = runner.Run(async () =>
            {
                var r = await body(clock);
                var me = AioTask.Current;
                var leaked = loop.AllTasks().Where(t => !ReferenceEquals(t, me)).Select(t => t.Name).ToList();
                if (leaked.Count > 0)
                {
                    problems.Add($"the test left {leaked.Count} task(s) running: {string.Join(", ", leaked)}");
                }

                return r;
            });
        }

        foreach (var t in loop.UnobservedFailures.ToList())
        {
            problems.Add($"task '{t.Name}' failed and nobody retrieved its exception: {t.FailedWith}");
            _ = t.Exception;
        }

        if (problems.Count > 0)
        {
            throw new AioTestException(string.Join("\n", problems));
        }

        return result;
    }
}
