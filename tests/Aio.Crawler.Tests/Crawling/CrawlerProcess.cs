using System.Diagnostics;
using System.Text;

namespace Aio.Crawler.Tests.Crawling;

/// <summary>An aio-crawl child process whose standard error is kept for failure messages.</summary>
internal sealed class CrawlerProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _error = new();

    public CrawlerProcess(Process process)
    {
        _process = process;
        // Drain both pipes so a chatty child never blocks on a full one.
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, line) =>
        {
            lock (_error)
            {
                _error.AppendLine(line.Data);
            }
        };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public bool HasExited => _process.HasExited;

    public string Error
    {
        get
        {
            lock (_error)
            {
                return _error.ToString();
            }
        }
    }

    public void Kill() => _process.Kill(entireProcessTree: true);

    public Task WaitForExitAsync() => _process.WaitForExitAsync();

    /// <summary>Waits for the exit and fails with the child's standard error unless it exited with 0.</summary>
    public async Task AssertSucceedsAsync(TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
            throw new TimeoutException($"aio-crawl did not finish within {limit}: {Error}");
        }

        Assert.True(_process.ExitCode == 0, $"aio-crawl exited with {_process.ExitCode}: {Error}");
    }

    public void Dispose() => _process.Dispose();
}
