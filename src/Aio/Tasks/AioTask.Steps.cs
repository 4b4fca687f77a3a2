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
        w.TaskPrev = null;
        w.TaskNext = _waits;
        if (_waits is not null)
        {
            _waits.TaskPrev = w;
        }

        _waits = w;
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

        if (w.TaskPrev is not null)
        {
            w.TaskPrev.TaskNext = w.TaskNext;
        }
        else
        {
            _waits = w.TaskNext;
        }

        if (w.TaskNext is not null)
        {
            w.TaskNext.TaskPrev = w.TaskPrev;
        }

        w.Linked = false;
        w.TaskPrev = null;
        w.TaskNext = null;
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
        for (var w = _waits; w is not null; w = w.TaskNext)
        {
            yield return w.Describe();
        }
    }

    /// <summary>Re-checks every wait after a shield was lifted: pending cancellations now reach them.</summary>
    internal void RecheckWaits()
    {
        for (var w = _waits; w is not null;)
        {
            var next = w.TaskNext;
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

            w = next;
        }
    }

    private bool DeliverCancel(string? message)
    {
        var taken = false;
        for (var w = _waits; w is not null;)
        {
            var next = w.TaskNext;
            if (!ScanScopes(w.Context.Scope).Shielded && w.TryCancelWait(new CancelledError(message)))
            {
                taken = true;
            }

            w = next;
        }

        return taken;
    }

    /// <summary>Cancels the waits of this task that sit inside <paramref name="scope"/> (not behind a shield).</summary>
    internal void DeliverScopeCancel(CancelScope scope)
    {
        for (var w = _waits; w is not null;)
        {
            var next = w.TaskNext;
            var (outermost, _) = ScanScopes(w.Context.Scope);
            if (ReferenceEquals(outermost, scope))
            {
                w.TryCancelWait(new CancelledError { Scope = scope });
            }

            w = next;
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
