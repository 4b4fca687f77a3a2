namespace Aio;

/// <summary>
/// A list of pooled waits woken together (drain, closed, server closed, process exit). Loop thread only: the
/// waits are Aio checkpoints, and a cancelled one simply leaves the list, so nothing is lost or handed on.
/// </summary>
internal sealed class WaitList
{
    private readonly List<Entry> _waiters = [];

    internal int Count => _waiters.Count;

    /// <summary>Waits until <see cref="WakeAll"/>; observes task and scope cancellation.</summary>
    internal ValueTask WaitAsync(AioContext context, CancellationToken token = default)
    {
        var w = context.Loop.Pool<Entry>().Rent();
        w.List = this;
        if (w.Arm(context, token))
        {
            _waiters.Add(w);
        }

        return new ValueTask(w, w.Version);
    }

    /// <summary>Wakes every wait, with <paramref name="error"/> (null: success).</summary>
    internal void WakeAll(Exception? error = null)
    {
        if (_waiters.Count == 0)
        {
            return;
        }

        var all = _waiters.ToArray();
        _waiters.Clear();
        foreach (var w in all)
        {
            w.Complete(error);
        }
    }

    internal sealed class Entry : Waiter
    {
        internal WaitList? List;

        private protected override void OnCancelled() => List?._waiters.Remove(this);

        private protected override void Release(EventLoop loop)
        {
            List = null;
            loop.Pool<Entry>().Return(this);
        }
    }
}
