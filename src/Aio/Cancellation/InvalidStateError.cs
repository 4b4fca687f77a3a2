namespace Aio;

/// <summary>
/// A future or task was used in a state that does not allow it (result read before it is set, result set
/// twice): asyncio's <c>InvalidStateError</c>.
/// </summary>
public class InvalidStateError : InvalidOperationException
{
    /// <summary>Creates the error with a message naming the problem.</summary>
    public InvalidStateError(string message)
        : base(message)
    {
    }
}
