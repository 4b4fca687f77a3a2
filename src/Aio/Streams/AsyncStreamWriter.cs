using System.Net.Security;
using System.Runtime.CompilerServices;

namespace Aio;

/// <summary>
/// The writing half of a stream connection: asyncio's <c>asyncio.StreamWriter</c>. Loop thread only.
/// <see cref="Write"/> never blocks; <see cref="DrainAsync"/> is where a slow peer makes the writer wait, so
/// memory stays bounded by the transport's high-water mark (64 KiB by default).
/// </summary>
public sealed class AsyncStreamWriter : IAsyncDisposable
{
    private readonly StreamReaderProtocol _protocol;
    private readonly AsyncStreamReader? _reader;

    internal AsyncStreamWriter(Transport transport, StreamReaderProtocol protocol, AsyncStreamReader? reader)
    {
        Transport = transport;
        _protocol = protocol;
        _reader = reader;
    }

    /// <summary>The underlying transport: asyncio's <c>transport</c>.</summary>
    public Transport Transport { get; private set; }

    /// <summary>Whether the writer is closing or closed: asyncio's <c>is_closing()</c>.</summary>
    public bool IsClosing => Transport.IsClosing;

    /// <summary>Queues <paramref name="data"/>; never blocks: asyncio's <c>write()</c>. Follow with <see cref="DrainAsync"/>.</summary>
    /// <exception cref="InvalidOperationException">The writer was closed, or <see cref="WriteEof"/> was called.</exception>
    public void Write(ReadOnlySpan<byte> data) => Transport.Write(data);

    /// <summary>Queues each buffer in order: asyncio's <c>writelines()</c>.</summary>
    public void WriteLines(IEnumerable<byte[]> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        foreach (var line in lines)
        {
            Transport.Write(line);
        }
    }

    /// <summary>Whether <see cref="WriteEof"/> is supported (not over TLS): asyncio's <c>can_write_eof()</c>.</summary>
    public bool CanWriteEof() => Transport.CanWriteEof();

    /// <summary>Closes the sending side after the buffered data: asyncio's <c>write_eof()</c>.</summary>
    /// <exception cref="NotSupportedException">Over TLS.</exception>
    public void WriteEof() => Transport.WriteEof();

    /// <summary>Closes the connection after the buffered data: asyncio's <c>close()</c>. Then await <see cref="WaitClosedAsync"/>.</summary>
    public void Close() => Transport.Close();

    /// <summary>Information about the connection; see <see cref="Aio.Transport.GetExtraInfo"/>: asyncio's <c>get_extra_info()</c>.</summary>
    public object? GetExtraInfo(string name, object? defaultValue = null) => Transport.GetExtraInfo(name, defaultValue);

    /// <summary>
    /// Waits until the write buffer is at or below its low-water mark: asyncio's <c>drain()</c>. Returns at once
    /// when writing is not paused. An Aio wait; any number of tasks may drain at once and all are released together.
    /// </summary>
    /// <exception cref="System.Net.Sockets.SocketException">The connection was lost (<c>ConnectionReset</c>, asyncio's
    /// <c>ConnectionResetError('Connection lost')</c>), or the error that broke it.</exception>
    public ValueTask DrainAsync()
    {
        // Called after every write: the common case (not paused, or one wait) returns the wait itself, without an
        // async method around it.
        try
        {
            var context = Asyncio.RequireContext();
            if (_reader?.Exception is { } error)
            {
                return ValueTask.FromException(error);
            }

            return Transport.IsClosing ? DrainClosingAsync(context) : _protocol.WaitDrainedAsync(context);
        }
        catch (Exception e)
        {
            return ValueTask.FromException(e);
        }
    }

    /// <summary>
    /// Waits until the connection is closed: asyncio's <c>wait_closed()</c>. Raises the error that broke the
    /// connection, if any. An Aio wait.
    /// </summary>
    public ValueTask WaitClosedAsync() => _protocol.WaitClosedAsync(Asyncio.RequireContext());

    [AsyncMethodBuilder(typeof(AioMethodBuilder))]
    private async ValueTask DrainClosingAsync(AioContext context)
    {
        // Let a connection_lost that is already scheduled run first, as asyncio does with sleep(0).
        await Asyncio.Sleep(0);
        await _protocol.WaitDrainedAsync(context);
    }

    /// <summary>Closes and waits for the close (errors of a broken connection are not raised here).</summary>
    [AsyncMethodBuilder(typeof(AioMethodBuilder))]
    public async ValueTask DisposeAsync()
    {
        Close();
        try
        {
            await WaitClosedAsync();
        }
#pragma warning disable AIO004 // the filter admits connection errors only
        catch (Exception e) when (FlowTransport.IsConnectionError(e))
        {
            // The connection already broke; disposing has nothing more to report.
        }
#pragma warning restore AIO004
    }

    /// <summary>
    /// Upgrades the open connection to TLS as the client: asyncio's <c>start_tls()</c>. Waits for buffered data to
    /// be sent, then runs the handshake on the same socket; reads and writes afterwards are encrypted. An Aio wait.
    /// </summary>
    /// <exception cref="System.Security.Authentication.AuthenticationException">The handshake failed (the connection is closed).</exception>
    /// <exception cref="InvalidOperationException">The connection is already TLS, or not a socket.</exception>
    public Task StartTlsAsync(SslClientAuthenticationOptions options, string? serverHostname = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        return StartTlsCoreAsync((context, stream) => Connect.TlsClientAsync(context, stream, options, serverHostname));
    }

    /// <summary>Upgrades the open connection to TLS as the server (the peer runs the client handshake).</summary>
    public Task StartTlsAsync(SslServerAuthenticationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return StartTlsCoreAsync((context, stream) => Connect.TlsServerAsync(context, stream, options));
    }

    private async Task StartTlsCoreAsync(Func<AioContext, Stream, Task<SslStream>> handshake)
    {
        var tls = await Asyncio.GetRunningLoop().UpgradeToTls(Transport, _protocol, handshake);
        Transport = tls;
        _reader?.SetTransport(tls);
        tls.Start(notify: false);
    }
}
