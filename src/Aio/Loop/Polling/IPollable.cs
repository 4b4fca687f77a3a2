namespace Aio;

/// <summary>Something the loop's readiness poller watches (a socket a transport owns).</summary>
internal interface IPollable
{
    /// <summary>
    /// The descriptor became ready (<see cref="LinuxEpoll"/> event bits). Called on the loop thread while the loop
    /// collects events, before it runs callbacks: record the readiness and schedule work, do not run user code.
    /// </summary>
    void OnReady(uint events);
}
