using System.Net.Security;

namespace Aio;

public static partial class Asyncio
{
    /// <summary>
    /// Connects to <paramref name="host"/>:<paramref name="port"/> and returns a reader/writer pair: asyncio's
    /// <c>open_connection()</c>. <paramref name="ssl"/> enables TLS (its <c>TargetHost</c> defaults to
    /// <paramref name="host"/>). Each step is an Aio wait.
    /// </summary>
    /// <exception cref="System.Net.Sockets.SocketException">Name not found (<c>HostNotFound</c>), connection refused (<c>ConnectionRefused</c>)…</exception>
    /// <exception cref="System.Security.Authentication.AuthenticationException">The TLS handshake failed.</exception>
    public static async Task<(AsyncStreamReader Reader, AsyncStreamWriter Writer)> OpenConnection(
        string host, int port, int limit = AsyncStreamReader.DefaultLimit, SslClientAuthenticationOptions? ssl = null)
    {
        var reader = new AsyncStreamReader(limit);
        var (_, protocol) = await GetRunningLoop().CreateConnection(() => new StreamReaderProtocol(reader), host, port, ssl);
        return (reader, protocol.Writer!);
    }

    private static void CheckLimit(int limit)
    {
        // Checked when the server starts, not at the first connection, where the error would reach no caller.
        if (limit <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), "Limit cannot be <= 0");
        }
    }

    /// <summary>Connects to a Unix-domain socket: asyncio's <c>open_unix_connection()</c>.</summary>
    public static async Task<(AsyncStreamReader Reader, AsyncStreamWriter Writer)> OpenUnixConnection(
        string path, int limit = AsyncStreamReader.DefaultLimit, SslClientAuthenticationOptions? ssl = null)
    {
        var reader = new AsyncStreamReader(limit);
        var (_, protocol) = await GetRunningLoop().CreateUnixConnection(() => new StreamReaderProtocol(reader), path, ssl);
        return (reader, protocol.Writer!);
    }

    /// <summary>
    /// Starts a server that runs <paramref name="clientConnected"/>(reader, writer) as a new task for each
    /// connection: asyncio's <c>start_server()</c>. An exception escaping the handler is reported to the loop's
    /// exception handler ("Unhandled exception in client_connected_cb") and the connection closed; a cancellation
    /// is not reported. Port 0 picks a free port (see <see cref="Server.Sockets"/>).
    /// </summary>
    public static Task<Server> StartServer(
        Func<AsyncStreamReader, AsyncStreamWriter, Task> clientConnected,
        string? host,
        int port,
        int limit = AsyncStreamReader.DefaultLimit,
        int backlog = 100,
        bool reuseAddress = true,
        bool reusePort = false,
        SslServerAuthenticationOptions? ssl = null,
        bool startServing = true)
    {
        ArgumentNullException.ThrowIfNull(clientConnected);
        CheckLimit(limit);
        return GetRunningLoop().CreateServer(
            () => new StreamReaderProtocol(new AsyncStreamReader(limit), clientConnected),
            host, port, backlog, reuseAddress, reusePort, ssl, startServing);
    }

    /// <summary>Starts a Unix-domain-socket server: asyncio's <c>start_unix_server()</c>. The socket file is removed on close.</summary>
    public static Task<Server> StartUnixServer(
        Func<AsyncStreamReader, AsyncStreamWriter, Task> clientConnected,
        string path,
        int limit = AsyncStreamReader.DefaultLimit,
        int backlog = 100,
        SslServerAuthenticationOptions? ssl = null,
        bool startServing = true)
    {
        ArgumentNullException.ThrowIfNull(clientConnected);
        CheckLimit(limit);
        return GetRunningLoop().CreateUnixServer(
            () => new StreamReaderProtocol(new AsyncStreamReader(limit), clientConnected),
            path, backlog, ssl, startServing);
    }
}
