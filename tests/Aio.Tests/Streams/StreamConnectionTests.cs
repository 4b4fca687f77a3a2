using System.Net;
using System.Net.Sockets;
using static Aio.Asyncio;
using static Aio.Tests.Streams.IoTest;

namespace Aio.Tests.Streams;

public class StreamConnectionTests
{
    private static Task<Server> UpperServer() => StartServer(
        async (reader, writer) =>
        {
            await foreach (var line in reader)
            {
                writer.Write(B(S(line).ToUpperInvariant()));
                await writer.DrainAsync();
            }

            writer.Close();
            await writer.WaitClosedAsync();
        },
        "127.0.0.1",
        0);

    [Fact]
    public void Client_and_server_exchange_lines_then_client_sees_eof()
    {
        var got = RunIo(async () =>
        {
            await using var server = await UpperServer();
            var (reader, writer) = await OpenConnection("127.0.0.1", PortOf(server));
            writer.Write(B("ping\n"));
            await writer.DrainAsync();
            var echo = S(await reader.ReadLineAsync());
            writer.WriteEof();
            var rest = await reader.ReadAsync();
            writer.Close();
            await writer.WaitClosedAsync();
            Assert.Equal((16384, 65536), writer.Transport.GetWriteBufferLimits());
            return (echo, rest.Length);
        });
        Assert.Equal(("PING\n", 0), got);
    }

    [Fact]
    public void Extra_info_gives_peer_and_local_addresses()
    {
        RunIo(async () =>
        {
            await using var server = await UpperServer();
            var (_, writer) = await OpenConnection("127.0.0.1", PortOf(server));
            var peer = (IPEndPoint)writer.GetExtraInfo("peername")!;
            var local = (IPEndPoint)writer.GetExtraInfo("sockname")!;
            Assert.Equal(PortOf(server), peer.Port);
            Assert.Equal(IPAddress.Loopback, local.Address);
            Assert.IsType<Socket>(writer.GetExtraInfo("socket"));
            Assert.Equal("none", writer.GetExtraInfo("peercert", "none"));
            await writer.DisposeAsync();
        });
    }

    [Fact]
    public void Unix_socket_server_and_client_talk_and_the_file_is_removed_on_close()
    {
        var path = TempSocketPath();
        var got = RunIo(async () =>
        {
            var server = await StartUnixServer(
                async (reader, writer) =>
                {
                    writer.Write(await reader.ReadExactlyAsync(3));
                    await writer.DrainAsync();
                    writer.Close();
                },
                path);
            Assert.True(File.Exists(path));
            var (r, w) = await OpenUnixConnection(path);
            w.Write(B("abc"));
            var echoed = S(await r.ReadExactlyAsync(3));
            Assert.Empty(await r.ReadAsync());
            await w.DisposeAsync();
            server.Close();
            await server.WaitClosedAsync();
            return echoed;
        });
        Assert.Equal("abc", got);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void Half_close_lets_the_server_answer_after_reading_to_eof()
    {
        var got = RunIo(async () =>
        {
            await using var server = await StartServer(
                async (reader, writer) =>
                {
                    var all = await reader.ReadAsync();
                    writer.Write(B($"got {all.Length}"));
                    await writer.DrainAsync();
                    writer.Close();
                },
                "127.0.0.1",
                0);
            var (r, w) = await OpenConnection("127.0.0.1", PortOf(server));
            Assert.True(w.CanWriteEof());
            w.Write(new byte[100_000]);
            w.WriteEof();
            var answer = S(await r.ReadAsync());
            Assert.Throws<InvalidOperationException>(() => w.Write(B("late")));
            await w.DisposeAsync();
            return answer;
        });
        Assert.Equal("got 100000", got);
    }

    [Fact]
    public void Connection_refused_raises_socket_error_connection_refused()
    {
        var code = RunIo(async () =>
        {
            using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            var port = ((IPEndPoint)probe.LocalEndPoint!).Port;
            var e = await Assert.ThrowsAsync<SocketException>(async () => await OpenConnection("127.0.0.1", port));
            return e.SocketErrorCode;
        });
        Assert.Equal(SocketError.ConnectionRefused, code);
    }

    [Fact]
    public void Dns_failure_raises_socket_error()
    {
        RunIo(async () =>
        {
            var e = await Assert.ThrowsAsync<SocketException>(async () => await OpenConnection("no-such-host.invalid", 80));
            Assert.NotEqual(SocketError.Success, e.SocketErrorCode);
        });
    }

    [Fact]
    public void Missing_unix_socket_raises_socket_error()
    {
        RunIo(async () =>
        {
            await Assert.ThrowsAsync<SocketException>(async () => await OpenUnixConnection(TempSocketPath()));
        });
    }

    [Fact]
    public void Peer_reset_mid_read_raises_connection_reset_in_the_reader()
    {
        var code = RunIo(async () =>
        {
            await using var server = await StartServer(
                async (reader, writer) =>
                {
                    await reader.ReadExactlyAsync(1);
                    var socket = (Socket)writer.GetExtraInfo("socket")!;
                    socket.LingerState = new LingerOption(true, 0);
                    writer.Transport.Abort();
                },
                "127.0.0.1",
                0);
            var (r, w) = await OpenConnection("127.0.0.1", PortOf(server));
            w.Write(B("x"));
            var e = await Assert.ThrowsAsync<SocketException>(async () => await r.ReadExactlyAsync(10));
            await Assert.ThrowsAsync<SocketException>(async () => await w.DrainAsync());
            return e.SocketErrorCode;
        });
        Assert.Equal(SocketError.ConnectionReset, code);
    }

    [Fact]
    public void Drain_blocks_while_the_peer_does_not_read_and_the_buffer_stays_bounded()
    {
        RunIo(async () =>
        {
            var release = new Future<bool>();
            await using var server = await StartServer(
                async (reader, writer) =>
                {
                    await release;
                    await reader.ReadAsync();
                    writer.Close();
                },
                "127.0.0.1",
                0);
            var (r, w) = await OpenConnection("127.0.0.1", PortOf(server));
            var chunk = new byte[64 * 1024];
            var written = 0L;
            var blocked = false;
            var maxBuffered = 0;
            while (!blocked)
            {
                w.Write(chunk);
                written += chunk.Length;
                maxBuffered = Math.Max(maxBuffered, w.Transport.GetWriteBufferSize());

                // DrainAsync completes synchronously unless writing is paused: no timing involved.
                var drain = w.DrainAsync();
                if (!drain.IsCompleted)
                {
                    blocked = true;
                    Assert.True(w.Transport.GetWriteBufferSize() > 64 * 1024);
                    release.SetResult(true);
                }

                await drain;
                Assert.True(written < 512L * 1024 * 1024, "drain never blocked");
            }

            Assert.True(maxBuffered <= 2 * chunk.Length + 64 * 1024);
            w.WriteEof();
            Assert.Empty(await r.ReadAsync());
            await w.DisposeAsync();
        });
    }

    [Fact]
    public void Drain_after_close_raises_connection_reset()
    {
        RunIo(async () =>
        {
            await using var server = await UpperServer();
            var (_, w) = await OpenConnection("127.0.0.1", PortOf(server));
            w.Close();
            await w.WaitClosedAsync();
            var e = await Assert.ThrowsAsync<SocketException>(async () => await w.DrainAsync());
            Assert.Equal(SocketError.ConnectionReset, e.SocketErrorCode);
            Assert.Throws<InvalidOperationException>(() => w.Write(B("x")));
        });
    }

    [Fact]
    public void Read_after_eof_keeps_returning_empty()
    {
        RunIo(async () =>
        {
            await using var server = await StartServer((_, w) => { w.Close(); return Task.CompletedTask; }, "127.0.0.1", 0);
            var (r, w) = await OpenConnection("127.0.0.1", PortOf(server));
            Assert.Empty(await r.ReadAsync(100));
            Assert.Empty(await r.ReadAsync(100));
            Assert.Empty(await r.ReadLineAsync());
            Assert.True(r.AtEof);
            await Assert.ThrowsAsync<IncompleteReadError>(async () => await r.ReadExactlyAsync(1));
            await w.DisposeAsync();
        });
    }

    [Fact]
    public void Over_limit_line_from_the_network_raises_limit_overrun()
    {
        RunIo(async () =>
        {
            await using var server = await StartServer(
                async (_, w) =>
                {
                    w.Write(new byte[100]);
                    w.Write(B("\nok\n"));
                    await w.DrainAsync();
                    w.Close();
                },
                "127.0.0.1",
                0);
            var (r, w) = await OpenConnection("127.0.0.1", PortOf(server), limit: 16);
            var e = await Assert.ThrowsAsync<LimitOverrunError>(async () => await r.ReadLineAsync());
            Assert.True(e.Consumed > 16);
            await w.DisposeAsync();
        });
    }

    [Fact]
    public void Cancelling_a_read_on_a_connection_leaves_it_usable()
    {
        RunIo(async () =>
        {
            await using var server = await UpperServer();
            var (r, w) = await OpenConnection("127.0.0.1", PortOf(server));
            var reading = CreateTask(async () => await r.ReadLineAsync());
            await Sleep(0.01);
            reading.Cancel();
            await Assert.ThrowsAsync<CancelledError>(async () => await reading);
            w.Write(B("again\n"));
            Assert.Equal("AGAIN\n", S(await r.ReadLineAsync()));
            await w.DisposeAsync();
        });
    }

    [Fact]
    public void A_timeout_scope_ends_a_read_and_the_connection_stays_usable()
    {
        RunIo(async () =>
        {
            await using var server = await UpperServer();
            var (r, w) = await OpenConnection("127.0.0.1", PortOf(server));
            await Assert.ThrowsAsync<TimeoutException>(() => Timeout(0.05, async () => await r.ReadLineAsync()));
            w.Write(B("still here\n"));
            Assert.Equal("STILL HERE\n", S(await r.ReadLineAsync()));
            await w.DisposeAsync();
        });
    }

    [Fact]
    public void A_non_positive_limit_is_rejected_when_the_server_starts()
    {
        RunIo(async () =>
        {
            await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => StartServer((_, _) => Task.CompletedTask, "127.0.0.1", 0, limit: 0));
            await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => StartUnixServer((_, _) => Task.CompletedTask, TempSocketPath(), limit: -1));
            await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => OpenConnection("127.0.0.1", 1, limit: 0));
        });
    }

    [Fact]
    public void Server_close_stops_accepting_but_open_connections_finish()
    {
        var got = RunIo(async () =>
        {
            var server = await UpperServer();
            var port = PortOf(server);
            var (r, w) = await OpenConnection("127.0.0.1", port);
            w.Write(B("one\n"));
            Assert.Equal("ONE\n", S(await r.ReadLineAsync()));
            server.Close();
            Assert.False(server.IsServing);
            Assert.Empty(server.Sockets);
            w.Write(B("two\n"));
            var second = S(await r.ReadLineAsync());
            var waitClosed = CreateTask(async () => await server.WaitClosedAsync());
            await Sleep(0.01);
            Assert.False(waitClosed.Done);
            await Assert.ThrowsAsync<SocketException>(async () => await OpenConnection("127.0.0.1", port));
            w.WriteEof();
            await waitClosed;
            await w.DisposeAsync();
            return second;
        });
        Assert.Equal("TWO\n", got);
    }

    [Fact]
    public void Serve_forever_ends_with_cancellation_and_closes_the_server()
    {
        RunIo(async () =>
        {
            var server = await UpperServer();
            var serving = CreateTask(() => server.ServeForeverAsync());
            await Sleep(0.01);
            await Assert.ThrowsAsync<InvalidOperationException>(() => server.ServeForeverAsync());
            serving.Cancel();
            await Assert.ThrowsAsync<CancelledError>(async () => await serving);
            Assert.False(server.IsServing);
            await Assert.ThrowsAsync<InvalidOperationException>(() => server.ServeForeverAsync());
        });
    }

    [Fact]
    public void Handler_exception_is_reported_and_the_connection_closed()
    {
        var reported = RunIo(async () =>
        {
            var contexts = new List<ExceptionContext>();
            GetRunningLoop().SetExceptionHandler((_, c) => contexts.Add(c));
            await using var server = await StartServer((_, _) => throw new InvalidDataException("bad"), "127.0.0.1", 0);
            var (r, w) = await OpenConnection("127.0.0.1", PortOf(server));
            Assert.Empty(await r.ReadAsync());
            await w.DisposeAsync();
            return contexts;
        });
        var c = Assert.Single(reported);
        Assert.Equal("Unhandled exception in client_connected_cb", c.Message);
        Assert.IsType<InvalidDataException>(c.Exception);
    }

    [Fact]
    public void Many_concurrent_drains_are_all_released()
    {
        RunIo(async () =>
        {
            await using var server = await StartServer(
                async (reader, writer) =>
                {
                    await Sleep(0.05);
                    await reader.ReadAsync();
                },
                "127.0.0.1",
                0);
            var (_, w) = await OpenConnection("127.0.0.1", PortOf(server));
            w.Transport.SetWriteBufferLimits(high: 1);
            w.Write(new byte[4 * 1024 * 1024]);
            var drains = Enumerable.Range(0, 5).Select(_ => CreateTask(async () => await w.DrainAsync())).ToArray();
            await Gather(drains);
            Assert.All(drains, d => Assert.True(d.Done && d.Exception is null));
            await w.DisposeAsync();
        });
    }
}
