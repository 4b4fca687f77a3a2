using System.Runtime.CompilerServices;

namespace Aio;

public partial class AioTask
{
    internal bool Started => (_flags & TaskFlags.Started) != 0;

    private protected override void OnExceptionRetrieved()
    {
        Loop.UnobservedFailures?.Remove(this);
        if (_extras?.ErrorWatch is { } w)
        {
            _extras.ErrorWatch = null;
            GC.SuppressFinalize(w);
        }
    }

    private void Finish(Exception? error, CancelledError? cancelled)
    {
        Loop.UnregisterTask(this);
        MustCancel = false;
        if (cancelled is not null)
        {
            TryCancelCore(cancelled, cancelled.CancelMessage);
        }
        else if (error is not null)
        {
            TryFailCore(error);
            Loop.UnobservedFailures?.Add(this);
            if (Loop.Debug)
            {
                Extras.ErrorWatch = new UnobservedErrorWatch(this, error);
            }
        }
        else
        {
            TrySucceedCore();
        }

        _context = null;
        if (_extras?.Cts is { } cts)
        {
            _extras.Cts = null;
            cts.Dispose();
        }
    }

    internal void LinkWait(Waiter w)
    {
        w.Linked = true;
        if (_waits is null)
        {
            _waits = w;
        }
        else if (_waits is WaitSet set)
        {
            set.Add(w);
        }
        else
        {
            _waits = new WaitSet(Unsafe.As<Waiter>(_waits), w);
        }

        if (!MustCancel && CancelledScopes == 0)
        {
            return;
        }

        var (outermost, shielded) = ScanScopes(w.Context.Scope);
        if (!shielded && MustCancel)
        {
            MustCancel = false;
            if (!w.TryCancelWait(new CancelledError(CancelMessage)))
            {
                MustCancel = true;
            }
        }
        else if (outermost is not null)
        {
            w.TryCancelWait(new CancelledError { Scope = outermost });
        }
    }

    internal void UnlinkWait(Waiter w)
    {
        if (!w.Linked)
        {
            return;
        }

        w.Linked = false;
        if (ReferenceEquals(_waits, w))
        {
            _waits = null;
        }
        else if (_waits is WaitSet set)
        {
            set.Remove(w);
        }
    }

    /// <summary>
    /// The task's waits, newest first, copied: cancelling one may run code that starts or ends others. Only the
    /// cancellation and introspection paths use it; most tasks have at most one wait at a time.
    /// </summary>
    private Waiter[] WaitsNewestFirst()
    {
        switch (_waits)
        {
            case null:
                return [];
            case WaitSet set:
                var copy = set.ToArray();
                Array.Reverse(copy);
                return copy;
            default:
                return [Unsafe.As<Waiter>(_waits)];
        }
    }

    internal void OnCancellationDelivered(CancelledError error)
    {
        if (error.Scope is null)
        {
            MustCancel = false;
        }
    }

    /// <summary>Re-arms a cancellation so the next wait raises it (TaskGroup keeps an outside cancel this way).</summary>
    internal void RearmCancellation() => MustCancel = true;

    /// <summary>Whether anything would cancel a wait entered in <paramref name="scope"/> right now.</summary>
    internal bool IsCancellationPending(CancelScope? scope)
    {
        var (outermost, shielded) = ScanScopes(scope);
        return outermost is not null || (!shielded && MustCancel);
    }

    /// <summary>What the task is waiting on right now (empty while it runs or is ready).</summary>
    internal IEnumerable<string> DescribeWaits()
    {
        foreach (var w in WaitsNewestFirst())
        {
            yield return w.Describe();
        }
    }

    /// <summary>Re-checks every wait after a shield was lifted: pending cancellations now reach them.</summary>
    internal void RecheckWaits()
    {
        foreach (var w in WaitsNewestFirst())
        {
            var (outermost, shielded) = ScanScopes(w.Context.Scope);
            if (!shielded && MustCancel)
            {
                MustCancel = false;
                if (!w.TryCancelWait(new CancelledError(CancelMessage)))
                {
                    MustCancel = true;
                }
            }
            else if (outermost is not null)
            {
                w.TryCancelWait(new CancelledError { Scope = outermost });
            }
        }
    }

    private bool DeliverCancel(string? message)
    {
        var taken = false;
        foreach (var w in WaitsNewestFirst())
        {
            if (!ScanScopes(w.Context.Scope).Shielded && w.TryCancelWait(new CancelledError(message)))
            {
                taken = true;
            }
        }

        return taken;
    }

    /// <summary>Cancels the waits of this task that sit inside <paramref name="scope"/> (not behind a shield).</summary>
    internal void DeliverScopeCancel(CancelScope scope)
    {
        foreach (var w in WaitsNewestFirst())
        {
            var (outermost, _) = ScanScopes(w.Context.Scope);
            if (ReferenceEquals(outermost, scope))
            {
                w.TryCancelWait(new CancelledError { Scope = scope });
            }
        }
    }

    private static (CancelScope? Outermost, bool Shielded) ScanScopes(CancelScope? scope)
    {
        CancelScope? outermost = null;
        for (var s = scope; s is not null; s = s.Parent)
        {
            if (s.CancelCalled)
            {
                outermost = s;
            }

            if (s.Shield)
            {
                return (outermost, true);
            }
        }

        return (outermost, false);
    }
}
