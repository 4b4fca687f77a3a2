namespace Aio;

public sealed partial class EventLoop
{
    private readonly List<ITimerEntry> _dueTies = new();

    /// <summary>
    /// When set (by Aio.Testing's schedule exploration), the loop varies what asyncio's ordering rules leave open:
    /// the order of timers due at the same instant, and in which iteration work posted from other threads is
    /// picked up. Callbacks scheduled with <c>CallSoon</c> keep their FIFO order.
    /// </summary>
    internal Random? ScheduleRandom { get; set; }

    private void PerturbedArrivals(Random random)
    {
        if (_incoming.HasItems && random.Next(4) != 0)
        {
            _incoming.DrainInto(_ready);
        }
        else if (_incoming.HasItems && _ready.Count == 0 && _timers.Count == 0)
        {
            _incoming.DrainInto(_ready);
        }

        if (_timers.Count == 0)
        {
            return;
        }

        var now = NowTicks;
        while (_timers.Count > 0 && _timers.PeekWhen <= now)
        {
            _dueTies.Clear();
            _dueTies.Add(_timers.Pop(out var when));
            while (_timers.Count > 0 && _timers.PeekWhen == when)
            {
                _dueTies.Add(_timers.Pop());
            }

            for (var i = _dueTies.Count - 1; i > 0; i--)
            {
                var j = random.Next(i + 1);
                (_dueTies[i], _dueTies[j]) = (_dueTies[j], _dueTies[i]);
            }

            foreach (var t in _dueTies)
            {
                t.Fire();
            }
        }

        _dueTies.Clear();
    }
}
