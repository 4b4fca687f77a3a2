using System.Diagnostics;
using Aio.Crawler.Cli;

namespace Aio.Crawler.Tests.Crawling;

/// <summary>Runs aio-crawl in this process (captured output) or as a child process (to kill it).</summary>
internal static class CrawlerCli
{
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        // The crawl runs its own Aio loop on a thread of its own, as the real program runs it on its main thread.
        int code = await Task.Factory.StartNew(
            () => CrawlerApp.RunAsync(args, output, error).GetAwaiter().GetResult(),
            TaskCreationOptions.LongRunning);
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>
    /// The crawler's own build output (it is a project reference, so it is built), not the copy beside the tests:
    /// the test host's dependency set differs from the program's.
    /// </summary>
    private static string ProgramPath
    {
        get
        {
            var bin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            string framework = bin.Name;
            string configuration = bin.Parent!.Name;
            var root = bin;
            while (root is not null && !File.Exists(Path.Combine(root.FullName, "Aio.slnx")))
            {
                root = root.Parent;
            }

            return Path.Combine(root!.FullName, "src", "Aio.Crawler", "bin", configuration, framework, "aio-crawl.dll");
        }
    }

    public static CrawlerProcess Start(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(ProgramPath);
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return new CrawlerProcess(Process.Start(start)!);
    }

    /// <summary>Lines of a --urls-out file (empty when it does not exist yet).</summary>
    public static string[] Lines(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        }
        catch (FileNotFoundException)
        {
            return [];
        }
    }
}
