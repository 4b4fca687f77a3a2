namespace Aio;

/// <summary>
/// Ctrl+C (SIGINT) ended <see cref="Asyncio.Run{T}(Func{Task{T}}, bool?, Func{EventLoop}?)"/>: Python's
/// <c>KeyboardInterrupt</c>. The main task was cancelled first, so its finally blocks ran. Programs usually end
/// with exit code <see cref="ExitCode"/> (130) when they catch it.
/// </summary>
public sealed class KeyboardInterrupt : Exception
{
    /// <summary>The conventional exit status of a program ended by SIGINT.</summary>
    public const int ExitCode = 130;

    /// <summary>Creates the error; <paramref name="cancellation"/> is the main task's cancellation.</summary>
    public KeyboardInterrupt(Exception? cancellation = null)
        : base("Interrupted by Ctrl+C (SIGINT); the main task was cancelled.", cancellation)
    {
    }
}
