namespace Aio;

/// <summary>
/// A Trio-style cancel scope: a region of a task that can be cancelled as a unit, with a movable deadline.
/// Level-triggered: once cancelled, every Aio wait inside the scope fails with <see cref="CancelledError"/>
/// until the scope exits, so a cancellation cannot be swallowed by accident. At exit the scope absorbs its own
/// cancellation (<see cref="CancelledCaught"/>) and lets every other one through. asyncio has no direct
/// equivalent; <see cref="Asyncio.Timeout(double?, Func{Task})"/>, <see cref="TaskGroup"/> and
/// <see cref="Asyncio.WaitFor{T}(Future{T}, double?)"/> are built on it.
/// </summary>
/// <remarks>
/// The body is a lambda (<c>await scope.RunAsync(async s =&gt; …)</c>) because the scope's exit must see how the
/// body ended, which <c>await using</c> cannot. A scope belongs to the task that runs it; tasks started inside
/// it are not part of it (use a <see cref="TaskGroup"/> for that).
/// </remarks>
public sealed class CancelScope : ITimerEntry
{
    private EventLoop? _loop;
    private double _deadline;
    private bool _shield;
    private int _state;
    private bool _timerArmed;

    /// <summary>Creates a scope with an optional deadline (loop time, see <see cref="EventLoop.Time"/>) and shield.</summary>
    public CancelScope(double deadline = double.PositiveInfinity, bool shield = false)
    {
        if (double.IsNaN(deadline))
        {
            throw new ArgumentException("deadline must be a number, not NaN", nameof(deadline));
        }

        _deadline = deadline;
        _shield = shield;
    }

    /// <summary>The innermost scope around the calling code, or null.</summary>
    public static CancelScope? Current => AioContext.Current?.Scope;

    /// <summary>Whether <see cref="Cancel"/> was called or the deadline passed (Trio's <c>cancel_called</c>).</summary>
    public bool CancelCalled { get; private set; }

    /// <summary>Whether the scope absorbed its own cancellation at exit (Trio's <c>cancelled_caught</c>).</summary>
    public bool CancelledCaught { get; private set; }

    /// <summary>Whether the deadline (rather than <see cref="Cancel"/>) cancelled the scope.</summary>
    public bool DeadlineReached { get; private set; }

    /// <summary>
    /// The loop time at which the scope cancels itself; +∞ for none. Can be moved while the scope runs.
    /// </summary>
    public double Deadline
    {
        get => _deadline;
        set
        {
            if (double.IsNaN(value))
            {
                throw new ArgumentException("deadline must be a number, not NaN", nameof(value));
            }

            _deadline = value;
            if (_state == 1)
            {
                ArmDeadline();
            }
        }
    }

    /// <summary>
    /// When true, cancellations from outside (enclosing scopes, <see cref="AioTask.Cancel"/>) do not reach waits
    /// inside this scope; they are delivered when it exits. For cleanup that must finish.
    /// </summary>
    public bool Shield
    {
        get => _shield;
        set
        {
            _shield = value;
            if (_state == 1 && !value)
            {
                Task!.RecheckWaits();
            }
        }
    }

    internal CancelScope? Parent { get; private set; }

    internal AioTask? Task { get; private set; }

    internal bool ConvertToTimeout { get; init; }

    long ITimerEntry.TimerKey { get; set; } = -1;

    /// <summary>
    /// The earliest deadline that applies to the calling code (up to the nearest shield), or +∞
    /// (Trio's <c>current_effective_deadline()</c>).
    /// </summary>
    public static double CurrentEffectiveDeadline()
    {
        var deadline = double.PositiveInfinity;
        for (var s = Current; s is not null; s = s.Parent)
        {
            deadline = Math.Min(deadline, s.CancelCalled ? double.NegativeInfinity : s._deadline);
            if (s._shield)
            {
                break;
            }
        }

        return deadline;
    }

    /// <summary>Cancels the scope: every wait inside it fails until it exits. Idempotent.</summary>
    public void Cancel()
    {
        _loop?.CheckThread();
        if (CancelCalled)
        {
            return;
        }

        CancelCalled = true;
        if (_state == 1)
        {
            DisarmDeadline();
            Task!.CancelledScopes++;
            Task.DeliverScopeCancel(this);
        }
    }

    /// <summary>Runs <paramref name="body"/> inside the scope; returns normally if the scope's own cancellation ended it.</summary>
    /// <exception cref="InvalidOperationException">Not called from a task, or the scope was already used.</exception>
    public Task RunAsync(Func<CancelScope, Task> body) => RunCore<object?>(body);

    /// <summary>Runs <paramref name="body"/> inside the scope; returns its result, or default if the scope's own cancellation ended it.</summary>
    public Task<T> RunAsync<T>(Func<CancelScope, Task<T>> body) => RunCore<T>(body);

    internal Task<T> RunCore<T>(Func<CancelScope, Task> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var parent = Asyncio.RequireTaskContext(nameof(CancelScope));
        Enter(parent);
        return RunEntered<T>(parent, body);
    }

    private async Task<T> RunEntered<T>(AioContext parent, Func<CancelScope, Task> body)
    {
        var inner = new AioContext(parent.Loop, parent.Task, this);
        Task work;
        SynchronizationContext.SetSynchronizationContext(inner);
        try
        {
            work = body(this);
        }
        catch (Exception e)
        {
            work = System.Threading.Tasks.Task.FromException(e);
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(parent);
        }

        try
        {
            // Await under the scope's own context: the body completes in that context on the loop thread, so
            // .NET runs this continuation inline (a ConfigureAwait(false) continuation would be sent to the
            // thread pool because a synchronization context is current).
            SynchronizationContext.SetSynchronizationContext(inner);
            await work;
            return work is Task<T> typed ? typed.Result : default!;
        }
#pragma warning disable AIO004 // absorbing this scope's own cancellation is the scope's job
        catch (CancelledError ce) when (ReferenceEquals(ce.Scope, this))
        {
            CancelledCaught = true;
            if (ConvertToTimeout)
            {
                throw new TimeoutException("The operation has timed out.", ce);
            }

            return default!;
        }
#pragma warning restore AIO004
        finally
        {
            Exit();
            await Asyncio.ResumeOn(parent);
        }
    }

    private void Enter(AioContext parent)
    {
        if (_state != 0)
        {
            throw new InvalidOperationException("This cancel scope has already been entered; a scope can be used once");
        }

        _state = 1;
        _loop = parent.Loop;
        Task = parent.Task;
        Parent = parent.Scope;
        if (CancelCalled)
        {
            Task!.CancelledScopes++;
        }
        else
        {
            ArmDeadline();
        }
    }

    private void Exit()
    {
        _state = 2;
        DisarmDeadline();
        if (CancelCalled)
        {
            Task!.CancelledScopes--;
        }
    }

    private void ArmDeadline()
    {
        DisarmDeadline();
        if (CancelCalled || double.IsPositiveInfinity(_deadline))
        {
            return;
        }

        _loop!.AddTimer(this, _loop.SecondsToTicks(_deadline));
        _timerArmed = true;
    }

    private void DisarmDeadline()
    {
        if (_timerArmed)
        {
            _timerArmed = false;
            _loop!.RemoveTimer(this);
        }
    }

    void ITimerEntry.Fire()
    {
        // Run the expiry as a ready callback, behind the callbacks already ready (asyncio's ordering).
        _timerArmed = false;
        _loop!.EnqueueReady(s_expire, this, null);
    }

    private static readonly Action<object?> s_expire = static s =>
    {
        var scope = (CancelScope)s!;
        if (!scope.CancelCalled && scope._state == 1 && !scope._timerArmed)
        {
            scope.DeadlineReached = true;
            scope.Cancel();
        }
    };
}
