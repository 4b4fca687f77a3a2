namespace Aio;

/// <summary>
/// Turns a .NET task running elsewhere (a DNS lookup, a connect, a TLS handshake) into an Aio wait: its
/// completion hops to the loop, and cancelling the wait cancels the operation through its token source.
/// The caller owns whatever the operation creates and disposes it when the wait fails.
/// </summary>
internal sealed class TaskWaiter<T> : Waiter<T>
{
    private CancellationTokenSource? _cts;

    /// <summary>Starts <paramref name="start"/> with a token cancelled when the wait is; returns the wait.</summary>
    internal static ValueTask<T> Start(AioContext context, Func<CancellationToken, System.Threading.Tasks.Task<T>> start)
    {
        var w = context.Loop.Pool<TaskWaiter<T>>().Rent();
        var cts = new CancellationTokenSource();
        w._cts = cts;
        if (!w.Arm(context))
        {
            cts.Dispose();
            return new ValueTask<T>(w, w.Version);
        }

        System.Threading.Tasks.Task<T> operation;
        try
        {
            operation = start(cts.Token);
        }
        catch (Exception e)
        {
            operation = System.Threading.Tasks.Task.FromException<T>(e);
        }

        var version = w.Version;
        _ = operation.ContinueWith(
            static (t, s) =>
            {
                var (waiter, v, source) = ((TaskWaiter<T>, short, CancellationTokenSource))s!;
                var error = t.IsFaulted ? Unwrap(t.Exception!) : t.IsCanceled ? new OperationCanceledException() : null;
                var loop = waiter.Loop;
                loop.PostFromAnyThread(
                    new Action(() =>
                    {
                        source.Dispose();
                        if (waiter.Version == v && waiter.IsPending)
                        {
                            waiter._cts = null;
                            if (error is null)
                            {
                                waiter.Value = t.Result;
                            }

                            waiter.Complete(error);
                        }
                    }),
                    null,
                    loop.BaseContext);
            },
            (w, version, cts),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        return new ValueTask<T>(w, w.Version);
    }

    private static Exception Unwrap(AggregateException e) =>
        e.InnerExceptions.Count == 1 ? e.InnerExceptions[0] : e;

    private protected override void OnCancelled()
    {
        var cts = _cts;
        _cts = null;
        try
        {
            cts?.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The operation already finished and its completion is on its way to the loop.
        }
    }

    private protected override void Release(EventLoop loop)
    {
        _cts = null;
        loop.Pool<TaskWaiter<T>>().Return(this);
    }
}
