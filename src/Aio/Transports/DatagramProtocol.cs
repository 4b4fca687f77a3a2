using System.Net;

namespace Aio;

/// <summary>
/// The callbacks of a datagram endpoint: asyncio's <c>asyncio.DatagramProtocol</c>. Runs on the loop thread.
/// </summary>
public abstract class DatagramProtocol
{
    /// <summary>The endpoint is ready: asyncio's <c>connection_made()</c>.</summary>
    public virtual void ConnectionMade(DatagramTransport transport)
    {
    }

    /// <summary>
    /// A datagram arrived from <paramref name="from"/>: asyncio's <c>datagram_received()</c>. The span is a view of
    /// a pooled buffer, valid only during the call.
    /// </summary>
    public virtual void DatagramReceived(ReadOnlySpan<byte> data, EndPoint from)
    {
    }

    /// <summary>
    /// A send or receive failed (for example ICMP port unreachable as <c>ConnectionRefused</c>); the endpoint stays
    /// open: asyncio's <c>error_received()</c>.
    /// </summary>
    public virtual void ErrorReceived(Exception error)
    {
    }

    /// <summary>The endpoint is closed: asyncio's <c>connection_lost()</c>.</summary>
    public virtual void ConnectionLost(Exception? error)
    {
    }
}
