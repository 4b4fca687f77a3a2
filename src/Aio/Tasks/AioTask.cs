using System.Runtime.CompilerServices;

namespace Aio;

/// <summary>
/// A coroutine (a C# async method) scheduled on a loop: asyncio's <c>Task</c>. Created by
/// <see cref="Asyncio.CreateTask(Func{Task}, string?)"/>; the loop keeps it alive until it ends. Its first step
/// runs in a later loop iteration; afterwards every <c>await</c> in it resumes on the loop thread.
/// </summary>
/// <remarks>
/// Cancellation follows asyncio: <see cref="Cancel"/> is a counted request delivered as one
/// <see cref="CancelledError"/> at the Aio wait the task is in (or the next one it enters). The task may catch
/// it, clean up with further awaits and finish; it ends cancelled only if the error escapes. An
/// <see cref="OperationCanceledException"/> from a foreign token (an HttpClient timeout, say) that escapes a task
/// which was not cancelled makes the task <em>fail</em> with that exception rather than end cancelled, so it is
/// never mistaken for a cancellation and silently dropped.
/// </remarks>
public partial class AioTask : Future
{
    private static readonly Action<object?> s_start = static s => ((AioTask)s!).Start();
    private static long s_nextId;

    private object? _body; // the coroutine until the task starts, then the body's Task until it ends
    private object? _context; // the ExecutionContext to start in until the task starts, then its AioContext until it ends
    private object? _waits; // null, the task's one wait, or a WaitSet once it has had several at a time
    private TaskExtras? _extras;
    private TaskFlags _flags;

    internal AioTask? LoopPrev;
    internal AioTask? LoopNext;

    internal AioTask(EventLoop loop, Delegate body, string? name, object? parent)
        : base(loop)
    {
        var number = Interlocked.Increment(ref s_nextId);
        if (number <= uint.MaxValue)
        {
            TaskNumber = (uint)number;
        }
        else
        {
            Extras.Name = "Task-" + number;
        }

        _body = body;
        _context = ExecutionContext.Capture();
        Parent = parent;
        if (name is not null)
        {
            Extras.Name = name;
        }

        if (loop.Debug)
        {
            Extras.CreationStack = StackOfCaller();
        }
    }

    /// <summary>
    /// The stack from the first frame outside Aio: the code that created the task. Counting a fixed number of
    /// frames to skip would depend on what the JIT inlined, which changes as methods are recompiled.
    /// </summary>
    private static string StackOfCaller()
    {
        var frames = new System.Diagnostics.StackTrace(1, fNeedFileInfo: true).GetFrames();
        var aio = typeof(AioTask).Assembly;
        var first = 0;
        while (first < frames.Length - 1 && frames[first].GetMethod()?.DeclaringType?.Assembly == aio)
        {
            first++;
        }

        return new System.Diagnostics.StackTrace(frames[first..]).ToString();
    }

    [Flags]
    private enum TaskFlags : byte
    {
        None = 0,
        Started = 1,
        MustCancel = 2,
        BodyWatched = 4,
        BodyRunning = 8,
    }

    /// <summary>
    /// Numbers the next task <paramref name="next"/> and returns the number it would have had (tests of numbers
    /// past 32 bits, which put the old numbering back afterwards).
    /// </summary>
    internal static long RenumberFrom(long next) => Interlocked.Exchange(ref s_nextId, next - 1) + 1;

    /// <summary>In debug mode, where the task was created (asyncio's <c>_source_traceback</c>); otherwise null.</summary>
    public string? CreationStack => _extras?.CreationStack;

    /// <summary>The task whose code is running, or null outside any task: asyncio's <c>current_task()</c>.</summary>
    public static AioTask? Current => AioContext.Current is { } c && c.Loop.IsOnLoopThread ? c.Task : null;

    /// <summary>The task's name, <c>Task-N</c> unless given: asyncio's <c>get_name()</c>/<c>set_name()</c>.</summary>
    public string Name
    {
        get => _extras?.Name ?? "Task-" + TaskNumber;
        set => Extras.Name = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>The task that created this one, or the <see cref="TaskGroup"/> it belongs to (for introspection).</summary>
    public object? Parent { get; internal set; }

    /// <summary>
    /// A token cancelled when this task is first cancelled, to hand to non-Aio APIs (HttpClient, Npgsql).
    /// A token cannot be un-cancelled: it stays cancelled even if the task catches the cancellation.
    /// </summary>
    public CancellationToken CancellationToken
    {
        get
        {
            var extras = Extras;
            if (extras.Cts is null)
            {
                extras.Cts = new CancellationTokenSource();
                if (extras.Cancelling > 0 || Cancelled)
                {
                    extras.Cts.Cancel();
                }
            }

            return extras.Cts.Token;
        }
    }

    /// <summary>
    /// The result: null for a task without one. Rethrows the task's exception, or <see cref="CancelledError"/>
    /// if it was cancelled: asyncio's <c>result()</c>.
    /// </summary>
    /// <exception cref="InvalidStateError">The task is not done yet.</exception>
    public object? Result
    {
        get
        {
            ThrowIfFailed();
            return ResultObject;
        }
    }

    internal override object? ResultObject => null;

    /// <summary>Pending cancellation requests: asyncio's <c>cancelling()</c>.</summary>
    public int Cancelling() => _extras?.Cancelling ?? 0;

    /// <summary>How many cancel scopes of this task are cancelled and still active (kept by <see cref="CancelScope"/>).</summary>
    internal int CancelledScopes
    {
        get => _extras?.CancelledScopes ?? 0;
        set => Extras.CancelledScopes = value;
    }

    private TaskExtras Extras => _extras ??= new TaskExtras();

    private bool MustCancel
    {
        get => (_flags & TaskFlags.MustCancel) != 0;
        set => _flags = value ? _flags | TaskFlags.MustCancel : _flags & ~TaskFlags.MustCancel;
    }

    private string? CancelMessage => _extras?.CancelMessage;

    /// <summary>
    /// Withdraws one cancellation request and returns how many remain; at zero a not-yet-delivered
    /// cancellation is withdrawn too: asyncio's <c>uncancel()</c> (3.13). Meant for the party that called Cancel.
    /// </summary>
    public int Uncancel()
    {
        if (_extras is not { Cancelling: > 0 } extras)
        {
            return 0;
        }

        extras.Cancelling--;
        if (extras.Cancelling == 0)
        {
            MustCancel = false;
        }

        return extras.Cancelling;
    }

    /// <summary>
    /// Requests cancellation: the Aio wait the task is in (or the next it enters) ends with
    /// <see cref="CancelledError"/> carrying <paramref name="message"/>; an awaited future or task is cancelled
    /// in turn. Several requests before delivery raise one error. Returns false if the task is already done:
    /// asyncio's <c>Task.cancel(msg)</c>. Waits inside a shielded <see cref="CancelScope"/> are not interrupted;
    /// the request is delivered when the task leaves the shield.
    /// </summary>
    public override bool Cancel(string? message = null)
    {
        Loop.CheckThread();
        if (Done)
        {
            return false;
        }

        var extras = Extras;
        extras.Cancelling++;
        extras.CancelMessage = message;
        if (!Started || !DeliverCancel(message))
        {
            MustCancel = true;
        }

        if (extras.Cts is { IsCancellationRequested: false } cts)
        {
            try
            {
                cts.Cancel();
            }
            catch (AggregateException e)
            {
                Loop.CallExceptionHandler(new ExceptionContext("Exception in a cancellation-token callback", e) { Task = this });
            }
        }

        return true;
    }

    /// <summary>Waits for the task; cancelling the waiting task cancels this one too (asyncio's <c>await task</c>).</summary>
    public ValueTask WaitAsync()
    {
        if (Done)
        {
            var vt = Future<object?>.DoneAsValueTask(this);
            return vt.IsCompletedSuccessfully ? default : new ValueTask(vt.AsTask());
        }

        var w = StartAwait<object?>();
        return new ValueTask(w, w.Version);
    }

    /// <summary>Makes the task awaitable: <c>await task</c>.</summary>
    public ValueTaskAwaiter<object?> GetAwaiter() =>
        Done ? Future<object?>.DoneAsValueTask(this).GetAwaiter() : StartAwaitTyped<object?>().GetAwaiter();

    private protected ValueTask<TResult> StartAwaitTyped<TResult>()
    {
        var w = StartAwait<TResult>();
        return new ValueTask<TResult>(w, w.Version);
    }

    private protected FutureWaiter<TResult> StartAwait<TResult>()
    {
        var context = Asyncio.RequireContext(Loop);
        if (ReferenceEquals(context.Task, this))
        {
            throw new InvalidOperationException($"Task cannot await on itself: {this}");
        }

        return FutureWaiter<TResult>.Start(this, context);
    }

    /// <summary>Describes the task, as asyncio's repr does.</summary>
    public override string ToString() => $"<AioTask {StateName} name='{Name}'>";
}
