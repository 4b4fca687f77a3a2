using static Aio.Asyncio;

namespace Aio.Tests.Files;

public sealed class AioFilesTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"aio-files-{Guid.NewGuid():N}.txt");

    public void Dispose() => File.Delete(_path);

    [Fact]
    public void ReadLinesAsync_yields_every_line_in_order()
    {
        File.WriteAllLines(_path, ["one", "two", "three"]);
        var lines = Run(async () =>
        {
            var got = new List<string>();
            await foreach (var line in AioFiles.ReadLinesAsync(_path))
            {
                got.Add(line);
            }

            return got;
        });
        Assert.Equal(["one", "two", "three"], lines);
    }

    [Fact]
    public void A_large_read_does_not_stall_other_tasks()
    {
        using (var w = new System.IO.StreamWriter(_path))
        {
            var line = new string('x', 100);
            for (var i = 0; i < 200_000; i++)
            {
                w.WriteLine(line);
            }
        }

        var (lines, ticksDuringRead) = Run(async () =>
        {
            var ticks = 0;
            var reading = true;
            var ticker = CreateTask(async () =>
            {
                while (reading)
                {
                    ticks++;
                    await Sleep(0);
                }
            });
            var n = 0;
            var startTicks = ticks;
            await foreach (var _ in AioFiles.ReadLinesAsync(_path))
            {
                n++;
            }

            var during = ticks - startTicks;
            reading = false;
            await ticker;
            return (n, during);
        });
        Assert.Equal(200_000, lines);
        Assert.True(ticksDuringRead > 0, "the ticker never ran while the file was being read");
    }

    [Fact]
    public void ReadChunksAsync_returns_the_whole_file_in_chunks()
    {
        var data = Enumerable.Range(0, 100_000).Select(i => (byte)i).ToArray();
        File.WriteAllBytes(_path, data);
        var back = Run(async () =>
        {
            var ms = new MemoryStream();
            var chunks = 0;
            await foreach (var chunk in AioFiles.ReadChunksAsync(_path, 16 * 1024))
            {
                Assert.True(chunk.Length <= 16 * 1024);
                ms.Write(chunk.Span);
                chunks++;
            }

            Assert.True(chunks >= 7);
            return ms.ToArray();
        });
        Assert.Equal(data, back);
    }

    [Fact]
    public void Cancelling_the_reading_task_stops_the_read()
    {
        File.WriteAllLines(_path, Enumerable.Repeat("line", 1000));
        Run(async () =>
        {
            var t = CreateTask(async () =>
            {
                await foreach (var _ in AioFiles.ReadLinesAsync(_path))
                {
                    await Sleep(0.01);
                }
            });
            await Sleep(0.05);
            t.Cancel();
            await Assert.ThrowsAsync<CancelledError>(async () => await t);
            Assert.True(t.Cancelled);
        });
    }
}
