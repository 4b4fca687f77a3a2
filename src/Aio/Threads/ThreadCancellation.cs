namespace Aio;

/// <summary>
/// The token handed to <see cref="Asyncio.ToThread{T}(Func{CancellationToken, T})"/>'s function. It is cancelled
/// when the waiting side gives up, and its source is disposed only once the function has returned and any
/// cancellation has finished, so the function can use all of its token, wait handle included, for as long as it
/// runs. A function the executor never starts leaves the source to the collector (it holds no timer).
/// </summary>
internal sealed class ThreadCancellation
{
    private const int Running = 0;
    private const int Cancelling = 1;
    private const int FunctionDone = 2;
    private const int Cancelled = 3;

    private readonly CancellationTokenSource _source = new();
    private int _state;

    /// <summary>The token for the function.</summary>
    public CancellationToken Token => _source.Token;

    /// <summary>The waiting side gave up: cancels the token, unless the function has already returned.</summary>
    public void Cancel()
    {
        if (Interlocked.CompareExchange(ref _state, Cancelling, Running) != Running)
        {
            return;
        }

        try
        {
            _source.Cancel();
        }
        finally
        {
            // The function may have returned while its token's callbacks ran: then disposing is left to us.
            if (Interlocked.Exchange(ref _state, Cancelled) == FunctionDone)
            {
                _source.Dispose();
            }
        }
    }

    /// <summary>The function returned or threw; called once, on the thread that ran it.</summary>
    public void OnFunctionDone()
    {
        if (Interlocked.Exchange(ref _state, FunctionDone) != Cancelling)
        {
            _source.Dispose();
        }
    }
}
