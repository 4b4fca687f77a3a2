using System.Net;
using System.Net.Sockets;
using static Aio.Asyncio;
using static Aio.Tests.Streams.IoTest;

namespace Aio.Tests.Loop;

public class ReaderWriterTests
{
    private sealed class Idle : Protocol
    {
    }

    /// <summary>A connected pair of plain sockets, made before any loop runs.</summary>
    private static (Socket A, Socket B) Pair()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        var a = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        a.Connect(listener.LocalEndPoint!);
        var b = listener.Accept();
        b.Blocking = false;
        return (a, b);
    }

    private static async Task Iterations(int n)
    {
        for (var i = 0; i < n; i++)
        {
            await Sleep(0);
        }
    }

    [Fact]
    public void A_reader_runs_while_data_is_unread_and_stops_once_it_is_consumed()
    {
        if (!EventLoop.PollerWanted())
        {
            return;
        }

        var (a, b) = Pair();
        using var _a = a;
        using var _b = b;
        var calls = RunIo(async () =>
        {
            var loop = GetRunningLoop();
            var got = new List<byte>();
            var calls = 0;
            loop.AddReader(b, () =>
            {
                calls++;
                var one = new byte[1];
                if (b.Receive(one, 0, 1, SocketFlags.None, out var code) == 1 && code == SocketError.Success)
                {
                    got.Add(one[0]);
                }
            });
            a.Send(B("xyz"));
            while (got.Count < 3)
            {
                await Sleep(0.001);
            }

            var afterDrain = calls;
            await Iterations(20);
            Assert.Equal("xyz", S(got.ToArray()));
            Assert.True(loop.RemoveReader(b));
            Assert.False(loop.RemoveReader(b));
            return (afterDrain, calls);
        });

        // Level-triggered: one call per byte while data stayed unread, at most one more to see it empty, then quiet.
        Assert.True(calls.afterDrain >= 3);
        Assert.True(calls.calls <= calls.afterDrain + 1, $"{calls.calls} calls after {calls.afterDrain}");
    }

    [Fact]
    public void A_writer_runs_when_the_socket_can_take_data_and_remove_writer_reports_whether_one_was_set()
    {
        if (!EventLoop.PollerWanted())
        {
            return;
        }

        var (a, b) = Pair();
        using var _a = a;
        using var _b = b;
        RunIo(async () =>
        {
            var loop = GetRunningLoop();
            var ran = new Future<bool>();
            Assert.False(loop.RemoveWriter(b));
            loop.AddWriter(b, () => ran.TrySetResult(true));
            await ran;
            Assert.True(loop.RemoveWriter(b));
            Assert.False(loop.RemoveWriter(b));
        });
    }

    [Fact]
    public void Adding_a_reader_again_replaces_the_callback()
    {
        if (!EventLoop.PollerWanted())
        {
            return;
        }

        var (a, b) = Pair();
        using var _a = a;
        using var _b = b;
        var who = RunIo(async () =>
        {
            var loop = GetRunningLoop();
            var called = new Future<string>();
            loop.AddReader(b, () => called.TrySetResult("first"));
            loop.AddReader(b, () => called.TrySetResult("second"));
            a.Send(B("!"));
            var result = await called;
            loop.RemoveReader(b);
            return result;
        });
        Assert.Equal("second", who);
    }

    [Fact]
    public void A_descriptor_owned_by_a_transport_is_refused()
    {
        if (!EventLoop.PollerWanted())
        {
            return;
        }

        var error = RunIo(async () =>
        {
            var loop = GetRunningLoop();
            await using var server = await loop.CreateServer(() => new Idle(), "127.0.0.1", 0);
            var (transport, _) = await loop.CreateConnection(() => new Idle(), "127.0.0.1", PortOf(server));
            var socket = (Socket)transport.GetExtraInfo("socket")!;
            var e = Assert.Throws<InvalidOperationException>(() => loop.AddReader(socket, () => { }));
            transport.Close();
            return e.Message;
        });
        Assert.Contains("used by a transport", error);
    }

    [Fact]
    public void A_reader_without_a_poller_is_refused_with_a_clear_error()
    {
        Run(() =>
        {
            var loop = GetRunningLoop();
            loop.DisablePoller();
            Assert.Throws<PlatformNotSupportedException>(() => loop.AddReader(0, () => { }));
            return Task.CompletedTask;
        });
    }
}
