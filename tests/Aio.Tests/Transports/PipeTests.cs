using System.IO.Pipes;
using System.Text;
using static Aio.Asyncio;
using static Aio.Tests.Streams.IoTest;

namespace Aio.Tests.Transports;

public class PipeTests
{
    private sealed class RecordingProtocol : Protocol
    {
        public StringBuilder Received { get; } = new();

        public List<string> Events { get; } = [];

        public Future<bool> Lost { get; } = new();

        public override void ConnectionMade(Transport transport) => Events.Add("made");

        public override void DataReceived(ReadOnlySpan<byte> data) => Received.Append(Encoding.ASCII.GetString(data));

        public override bool EofReceived()
        {
            Events.Add("eof");
            return false;
        }

        public override void ConnectionLost(Exception? error)
        {
            Events.Add(error is null ? "lost" : "lost:" + error.GetType().Name);
            Lost.TrySetResult(true);
        }
    }

    [Fact]
    public void A_read_pipe_delivers_what_is_written_then_eof_and_the_end()
    {
        var (text, events) = RunIo(async () =>
        {
            using var writer = new AnonymousPipeServerStream(PipeDirection.Out);
            var reader = new AnonymousPipeClientStream(PipeDirection.In, writer.ClientSafePipeHandle);
            var (transport, protocol) = await GetRunningLoop().ConnectReadPipe(() => new RecordingProtocol(), reader);
            Assert.Same(reader, transport.GetExtraInfo("pipe"));
            await writer.WriteAsync(Encoding.ASCII.GetBytes("through the pipe"));
            writer.Dispose();
            await protocol.Lost;
            return (protocol.Received.ToString(), protocol.Events);
        });
        Assert.Equal("through the pipe", text);
        Assert.Equal(["made", "eof", "lost"], events);
    }

    [Fact]
    public void A_write_pipe_sends_what_is_written_and_WriteEof_closes_it()
    {
        var received = RunIo(async () =>
        {
            using var readEnd = new AnonymousPipeServerStream(PipeDirection.In);
            var writeEnd = new AnonymousPipeClientStream(PipeDirection.Out, readEnd.ClientSafePipeHandle);
            var (transport, protocol) = await GetRunningLoop().ConnectWritePipe(() => new RecordingProtocol(), writeEnd);
            Assert.True(transport.CanWriteEof());
            transport.Write("first "u8);
            transport.Write("second"u8);
            transport.WriteEof();
            using var all = new MemoryStream();
            await readEnd.CopyToAsync(all);
            await protocol.Lost;
            return Encoding.ASCII.GetString(all.ToArray());
        });
        Assert.Equal("first second", received);
    }

    [Fact]
    public void Pipes_of_the_wrong_direction_are_refused()
    {
        RunIo(async () =>
        {
            using var writer = new AnonymousPipeServerStream(PipeDirection.Out);
            using var reader = new AnonymousPipeClientStream(PipeDirection.In, writer.ClientSafePipeHandle);
            var loop = GetRunningLoop();
            await Assert.ThrowsAsync<ArgumentException>(() => loop.ConnectReadPipe(() => new RecordingProtocol(), writer));
            await Assert.ThrowsAsync<ArgumentException>(() => loop.ConnectWritePipe(() => new RecordingProtocol(), reader));
        });
    }
}
