namespace Aio.Testing;

/// <summary>A test run by <see cref="AioTest"/> left tasks running, lost a task's error, or reported errors to the loop.</summary>
public sealed class AioTestException : Exception
{
    /// <summary>Creates the failure with a description of every problem found.</summary>
    public AioTestException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the failure with the exception that caused it.</summary>
    public AioTestException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
