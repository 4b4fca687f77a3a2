using Aio.Samples.Tour;

namespace Aio.Tests.Samples;

public class TourTests
{
    public static TheoryData<string> ScenarioNames => [.. TourCatalog.All.Select(s => s.Name)];

    [Fact]
    public void Quick_tour_runs_every_scenario_under_its_heading_in_catalog_order()
    {
        var output = new StringWriter();

        var exit = TourProgram.Run(["--quick"], output, TextWriter.Null);

        Assert.Equal(0, exit);
        var text = output.ToString();
        var positions = TourCatalog.All.Select(s => text.IndexOf(s.Heading, StringComparison.Ordinal)).ToList();
        Assert.All(positions, p => Assert.True(p >= 0, "a heading is missing from:\n" + text));
        Assert.Equal(positions.Order(), positions);
    }

    [Theory]
    [MemberData(nameof(ScenarioNames))]
    public void Each_scenario_runs_alone_by_name_and_prints_its_timings(string name)
    {
        var output = new StringWriter();

        var exit = TourProgram.Run(["--quick", name], output, TextWriter.Null);

        Assert.Equal(0, exit);
        var text = output.ToString();
        Assert.Contains(TourCatalog.Find(name)!.Heading, text);
        Assert.Contains("=> ", text);
        Assert.Contains("(expected about ", text);
        var others = TourCatalog.All.Where(s => s.Name != name).Select(s => s.Heading);
        Assert.All(others, h => Assert.DoesNotContain(h, text));
    }

    [Fact]
    public void Gather_scenario_prints_results_in_argument_order()
    {
        var text = RunQuick("gather");

        Assert.Contains("results: [2, 6, 24]", text);
    }

    [Fact]
    public void As_completed_scenario_handles_every_download_once()
    {
        var text = RunQuick("as-completed");

        Assert.Contains("finished #3: ", text);
        Assert.DoesNotContain("finished #4", text);
        foreach (var file in new[] { "big.iso", "small.txt", "medium.zip" })
        {
            Assert.Single(text.Split('\n'), line => line.Contains("finished #") && line.Contains(file));
        }
    }

    [Fact]
    public void Semaphore_scenario_never_runs_more_than_three_downloads_at_once()
    {
        var text = RunQuick("semaphore");

        Assert.Contains("at most 3 ran at once", text);
        Assert.Equal(9, text.Split('\n').Count(l => l.Contains("download ") && l.Contains(" started")));
        Assert.DoesNotContain("(4 running)", text);
    }

    [Fact]
    public void To_thread_scenario_runs_the_blocking_function_on_another_thread_and_cancels_the_ticker()
    {
        var text = RunQuick("to-thread");

        Assert.Contains("blocking_io: start on worker thread", text);
        Assert.Contains("blocking_io: done", text);
        Assert.Contains("ticker cancelled after", text);
    }

    [Fact]
    public void Requests_scenario_gathers_all_hundred_responses_in_request_order()
    {
        var text = RunQuick("requests");

        Assert.Contains("extrapolated to 100 requests in turn", text);
        Assert.Contains("100 responses, in request order: 0, 1, … 99", text);
    }

    [Fact]
    public void List_prints_every_scenario_name_without_running_any()
    {
        var output = new StringWriter();

        var exit = TourProgram.Run(["--list"], output, TextWriter.Null);

        Assert.Equal(0, exit);
        var text = output.ToString();
        Assert.All(TourCatalog.All, s => Assert.Contains(s.Name, text));
        Assert.DoesNotContain("==", text);
    }

    [Fact]
    public void Unknown_scenario_is_refused_with_the_list_of_names_and_exit_code_2()
    {
        var error = new StringWriter();

        var exit = TourProgram.Run(["no-such-scenario"], TextWriter.Null, error);

        Assert.Equal(2, exit);
        Assert.Contains("unknown scenario 'no-such-scenario'", error.ToString());
        Assert.Contains("fetch-read", error.ToString());
    }

    [Fact]
    public void Unknown_option_is_refused_with_usage_and_exit_code_2()
    {
        var error = new StringWriter();

        var exit = TourProgram.Run(["--fast"], TextWriter.Null, error);

        Assert.Equal(2, exit);
        Assert.Contains("unknown option '--fast'", error.ToString());
        Assert.Contains("usage:", error.ToString());
    }

    private static string RunQuick(string name)
    {
        var output = new StringWriter();
        Assert.Equal(0, TourProgram.Run(["--quick", name], output, TextWriter.Null));
        return output.ToString();
    }
}
