using System.Runtime.CompilerServices;
using System.Text;

namespace Aio;

/// <summary>
/// File helpers asyncio users reach for (aiofiles' <c>async for line in f</c>, chunked reads) that .NET lacks in
/// this form. The reads run on thread-pool I/O and the iteration resumes on the loop, so a large file never
/// stalls other tasks. The task's cancellation stops the read (its token is linked in).
/// </summary>
/// <remarks>
/// For whole-file reads and writes .NET's own <c>File.ReadAllTextAsync</c>, <c>File.WriteAllBytesAsync</c>,
/// <c>File.ReadLinesAsync</c> and <c>FileStream</c> with <see cref="FileOptions.Asynchronous"/> already do the
/// right thing on a loop: awaiting them resumes on the loop thread.
/// </remarks>
public static class AioFiles
{
    private const int BufferSize = 64 * 1024;

    /// <summary>
    /// Yields the lines of a text file: aiofiles' <c>async for line in f</c>. The encoding is detected from a
    /// byte-order mark, else <paramref name="encoding"/> (UTF-8 by default).
    /// </summary>
    public static async IAsyncEnumerable<string> ReadLinesAsync(
        string path, Encoding? encoding = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var linked = LinkTaskToken(cancellationToken);
        var token = linked?.Token ?? cancellationToken;
        await using var stream = OpenRead(path);
        using var reader = new StreamReader(stream, encoding ?? Encoding.UTF8, detectEncodingFromByteOrderMarks: true, BufferSize);
        while (await reader.ReadLineAsync(token) is { } line)
        {
            yield return line;
        }
    }

    /// <summary>
    /// Yields a binary file in chunks of at most <paramref name="chunkSize"/> bytes: aiofiles'
    /// <c>while chunk := await f.read(n)</c>. Each chunk is a fresh array the caller may keep.
    /// </summary>
    public static async IAsyncEnumerable<ReadOnlyMemory<byte>> ReadChunksAsync(
        string path, int chunkSize = BufferSize, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(chunkSize);
        using var linked = LinkTaskToken(cancellationToken);
        var token = linked?.Token ?? cancellationToken;
        await using var stream = OpenRead(path);
        while (true)
        {
            var chunk = new byte[chunkSize];
            var n = await stream.ReadAsync(chunk, token);
            if (n == 0)
            {
                yield break;
            }

            yield return chunk.AsMemory(0, n);
        }
    }

    private static FileStream OpenRead(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.Asynchronous | FileOptions.SequentialScan);

    private static CancellationTokenSource? LinkTaskToken(CancellationToken token) =>
        AioTask.Current is { } task ? CancellationTokenSource.CreateLinkedTokenSource(token, task.CancellationToken) : null;
}
