namespace Aio;

/// <summary>
/// A clock the loop may move forward itself when it is idle (Aio.Testing's virtual time). The loop calls it
/// instead of parking until the next timer.
/// </summary>
internal interface IVirtualTimeDriver
{
    /// <summary>Whether the loop may jump to the next timer when nothing else can happen.</summary>
    bool AutoJump { get; }

    /// <summary>Called once when a loop is created on this clock.</summary>
    void Attach(EventLoop loop);

    /// <summary>Moves the clock forward to <paramref name="timestamp"/> (never backward).</summary>
    void JumpTo(long timestamp);
}
