using static Aio.Asyncio;
using static Aio.Tests.Streams.IoTest;

namespace Aio.Tests.Streams;

public class StreamReaderTests
{
    [Fact]
    public void Readline_over_limit_drops_the_line_when_the_separator_was_found()
    {
        RunIo(async () =>
        {
            var r = new AsyncStreamReader(limit: 8);
            r.FeedData(B("abc\ndefghijklmnop\nxyz"));
            Assert.Equal("abc\n", S(await r.ReadLineAsync()));
            var e = await Assert.ThrowsAsync<LimitOverrunError>(async () => await r.ReadLineAsync());
            Assert.Equal("Separator is found, but chunk is longer than limit", e.Message);
            Assert.Equal(3, r.BufferedCount);
            r.FeedEof();
            Assert.Equal("xyz", S(await r.ReadLineAsync()));
            Assert.Empty(await r.ReadLineAsync());
            Assert.True(r.AtEof);
        });
    }

    [Fact]
    public void Readline_over_limit_without_separator_clears_the_buffer()
    {
        RunIo(async () =>
        {
            var r = new AsyncStreamReader(limit: 4);
            r.FeedData(B("0123456789"));
            await Assert.ThrowsAsync<LimitOverrunError>(async () => await r.ReadLineAsync());
            Assert.Equal(0, r.BufferedCount);
        });
    }

    [Fact]
    public void Readline_at_eof_returns_the_partial_line_without_raising_an_error_inside()
    {
        RunIo(async () =>
        {
            var r = new AsyncStreamReader();
            var loopThread = Environment.CurrentManagedThreadId;
            var raisedHere = 0;
            EventHandler<System.Runtime.ExceptionServices.FirstChanceExceptionEventArgs> count = (_, e) =>
            {
                if (Environment.CurrentManagedThreadId == loopThread && e.Exception is IncompleteReadError)
                {
                    raisedHere++;
                }
            };
            AppDomain.CurrentDomain.FirstChanceException += count;
            try
            {
                var line = r.ReadLineAsync();
                r.FeedData(B("partial"));
                await Sleep(0);
                r.FeedEof();
                Assert.Equal("partial", S(await line));
                Assert.Empty(await r.ReadLineAsync());
            }
            finally
            {
                AppDomain.CurrentDomain.FirstChanceException -= count;
            }

            Assert.Equal(0, raisedHere);
        });
    }

    [Fact]
    public void Readuntil_over_limit_keeps_the_data_and_reports_consumed()
    {
        RunIo(async () =>
        {
            var r = new AsyncStreamReader(limit: 8);
            r.FeedData(B("0123456789AB"));
            var e = await Assert.ThrowsAsync<LimitOverrunError>(async () => await r.ReadUntilAsync(B("!")));
            Assert.Equal("Separator is not found, and chunk exceed the limit", e.Message);
            Assert.Equal(12, e.Consumed);
            Assert.Equal(12, r.BufferedCount);
        });
    }

    [Fact]
    public void Readuntil_at_eof_raises_incomplete_read_with_partial_and_clears_buffer()
    {
        RunIo(async () =>
        {
            var r = new AsyncStreamReader();
            r.FeedData(B("partial"));
            r.FeedEof();
            var e = await Assert.ThrowsAsync<IncompleteReadError>(async () => await r.ReadUntilAsync(B("\r\n")));
            Assert.Equal("partial", S(e.Partial));
            Assert.Null(e.Expected);
            Assert.Equal(0, r.BufferedCount);
        });
    }

    [Fact]
    public void Readuntil_with_several_separators_takes_the_one_ending_first()
    {
        RunIo(async () =>
        {
            var r = new AsyncStreamReader();
            r.FeedData(B("ab||cd;ef"));
            Assert.Equal("ab||", S(await r.ReadUntilAsync(B("cd;"), B("||"))));
            Assert.Equal("cd;", S(await r.ReadUntilAsync(B(";"), B("cd;e"))));
        });
    }

    [Fact]
    public void Readuntil_with_empty_separator_is_an_argument_error()
    {
        RunIo(async () =>
        {
            var r = new AsyncStreamReader();
            await Assert.ThrowsAsync<ArgumentException>(async () => await r.ReadUntilAsync(Array.Empty<byte>()));
        });
    }

    [Fact]
    public void Readexactly_at_eof_reports_bytes_read_and_expected()
    {
        RunIo(async () =>
        {
            var r = new AsyncStreamReader();
            r.FeedData(B("12345"));
            r.FeedEof();
            var e = await Assert.ThrowsAsync<IncompleteReadError>(async () => await r.ReadExactlyAsync(10));
            Assert.Equal("5 bytes read on a total of 10 expected bytes", e.Message);
            Assert.Equal("12345", S(e.Partial));
            Assert.Equal(10, e.Expected);
            await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await r.ReadExactlyAsync(-1));
        });
    }

    [Fact]
    public void Read_returns_what_is_buffered_up_to_n_and_empty_at_eof()
    {
        RunIo(async () =>
        {
            var r = new AsyncStreamReader();
            r.FeedData(B("hello"));
            r.FeedData(B(" world"));
            Assert.Equal("hel", S(await r.ReadAsync(3)));
            Assert.Equal("lo world", S(await r.ReadAsync(100)));
            Assert.Empty(await r.ReadAsync(0));
            r.FeedEof();
            Assert.Empty(await r.ReadAsync(10));
            Assert.Empty(await r.ReadAsync());
        });
    }

    [Fact]
    public void Read_into_a_buffer_copies_what_is_buffered_and_returns_zero_at_eof()
    {
        RunIo(async () =>
        {
            var r = new AsyncStreamReader();
            var buffer = new byte[4];
            var reading = CreateTask(async () => await r.ReadAsync(buffer.AsMemory()));
            await Sleep(0);
            r.FeedData(B("abcdef"));
            Assert.Equal(4, await reading);
            Assert.Equal("abcd", S(buffer));
            Assert.Equal(2, await r.ReadAsync(buffer.AsMemory()));
            Assert.Equal("ef", S(buffer[..2]));
            r.FeedEof();
            Assert.Equal(0, await r.ReadAsync(buffer.AsMemory()));
        });
    }

    [Fact]
    public void Read_minus_one_reads_everything_until_eof()
    {
        RunIo(async () =>
        {
            var r = new AsyncStreamReader(limit: 4);
            var reading = CreateTask(async () => await r.ReadAsync());
            await Sleep(0);
            r.FeedData(B("abcdefghij"));
            await Sleep(0);
            r.FeedData(B("kl"));
            r.FeedEof();
            Assert.Equal("abcdefghijkl", S(await reading));
        });
    }

    [Fact]
    public void A_second_reader_waiting_at_the_same_time_is_an_error()
    {
        RunIo(async () =>
        {
            var r = new AsyncStreamReader();
            var first = CreateTask(async () => await r.ReadAsync(1));
            await Sleep(0);
            var e = await Assert.ThrowsAsync<InvalidOperationException>(async () => await r.ReadAsync(1));
            Assert.Contains("already waiting for incoming data", e.Message);
            first.Cancel();
            await Assert.ThrowsAsync<CancelledError>(async () => await first);
        });
    }

    [Fact]
    public void Cancelled_read_leaves_later_data_for_the_next_read()
    {
        RunIo(async () =>
        {
            var r = new AsyncStreamReader();
            var first = CreateTask(async () => await r.ReadExactlyAsync(4));
            await Sleep(0);
            r.FeedData(B("ab"));
            first.Cancel();
            await Assert.ThrowsAsync<CancelledError>(async () => await first);
            r.FeedData(B("cd"));
            Assert.Equal("abcd", S(await r.ReadExactlyAsync(4)));
        });
    }

    [Fact]
    public void A_read_woken_then_cancelled_before_it_runs_leaves_the_data_for_the_next_read()
    {
        RunIo(async () =>
        {
            var r = new AsyncStreamReader();
            var buffer = new byte[8];
            var first = CreateTask(async () => await r.ReadAsync(buffer.AsMemory()));
            var second = CreateTask(async () => await r.ReadAsync(8));
            await Sleep(0);
            Assert.True(second.Done);
            r.FeedData(B("abc"));
            first.Cancel();
            await Assert.ThrowsAsync<CancelledError>(async () => await first);
            Assert.Equal(3, r.BufferedCount);
            Assert.Equal("abc", S(await r.ReadAsync(8)));
        });
    }

    [Fact]
    public void A_read_on_a_broken_reader_fails_its_awaitable_rather_than_throwing_at_the_call()
    {
        RunIo(() =>
        {
            var r = new AsyncStreamReader();
            r.SetException(new InvalidDataException("boom"));
            var bytes = r.ReadAsync(4);
            var count = r.ReadAsync(new byte[4].AsMemory());
            Assert.True(bytes.IsFaulted);
            Assert.True(count.IsFaulted);
            Assert.IsType<InvalidDataException>(bytes.AsTask().Exception!.InnerException);
            Assert.IsType<InvalidDataException>(count.AsTask().Exception!.InnerException);
            return Task.CompletedTask;
        });
    }

    [Theory]
    [InlineData("read")]
    [InlineData("read into")]
    [InlineData("readexactly")]
    [InlineData("readline")]
    public void A_read_that_waits_resumes_its_task_in_the_next_turn_and_allocates_no_more_than_one_that_does_not(string kind)
    {
        RunIo(async () =>
        {
            const int Buffered = 1000, Waited = 3000;
            var r = new AsyncStreamReader();
            var buffer = new byte[16];
            var block = B("0123456789abcde\n");
            var resumed = 0;
            var perBufferedRead = 0.0;
            var reader = CreateTask(async () =>
            {
                var before = 0L;
                for (var i = 0; i < Buffered + Waited; i++)
                {
                    if (i == Buffered / 2)
                    {
                        before = GC.GetAllocatedBytesForCurrentThread();
                    }
                    else if (i == Buffered)
                    {
                        perBufferedRead = (GC.GetAllocatedBytesForCurrentThread() - before) / (Buffered / 2.0);
                    }

                    var n = kind switch
                    {
                        "read" => (await r.ReadAsync(16)).Length,
                        "read into" => await r.ReadAsync(buffer.AsMemory()),
                        "readexactly" => (await r.ReadExactlyAsync(16)).Length,
                        _ => (await r.ReadLineAsync()).Length,
                    };
                    if (n != 16)
                    {
                        throw new InvalidOperationException($"read {n} bytes, not 16");
                    }

                    resumed++;
                }
            });

            // The first reads find their data buffered and never wait.
            for (var i = 0; i < Buffered; i++)
            {
                r.FeedData(block);
            }

            await Sleep(0);
            Assert.Equal(Buffered, resumed);
            var measuredFrom = 0L;
            var lateReads = 0;
            for (var i = 0; i < Waited; i++)
            {
                if (i == Waited / 3)
                {
                    measuredFrom = GC.GetAllocatedBytesForCurrentThread();
                }

                r.FeedData(block);
                await Sleep(0);

                // The reading code ran in the turn this one yielded to, so it has already gone on past its read.
                // (Checked without Assert.Equal, which allocates.)
                if (resumed != Buffered + i + 1)
                {
                    lateReads++;
                }
            }

            var perWaitingRead = (GC.GetAllocatedBytesForCurrentThread() - measuredFrom) / (Waited - (Waited / 3.0));
            await reader;
            Assert.Equal(0, lateReads);

            // What a read allocates itself (its result; in an unoptimized build, its state machine too) is the same
            // either way: the wait, its resumption and the caller's resumption allocate nothing.
            Assert.True(perBufferedRead >= (kind == "read into" ? 0 : 40), $"{perBufferedRead} bytes per read that found its data");
            Assert.True(
                perWaitingRead < perBufferedRead + 1,
                $"{perWaitingRead} bytes allocated per read that waited, {perBufferedRead} per read that did not");
        });
    }

    [Fact]
    public void Stored_exception_is_raised_by_reads()
    {
        RunIo(async () =>
        {
            var r = new AsyncStreamReader();
            var waiting = CreateTask(async () => await r.ReadAsync(5));
            await Sleep(0);
            r.SetException(new InvalidDataException("boom"));
            await Assert.ThrowsAsync<InvalidDataException>(async () => await waiting);
            await Assert.ThrowsAsync<InvalidDataException>(async () => await r.ReadLineAsync());
        });
    }

    [Fact]
    public void Async_enumeration_yields_lines_until_eof()
    {
        var lines = RunIo(async () =>
        {
            var r = new AsyncStreamReader();
            r.FeedData(B("a\nb\nc"));
            r.FeedEof();
            var got = new List<string>();
            await foreach (var line in r)
            {
                got.Add(S(line));
            }

            return got;
        });
        Assert.Equal(["a\n", "b\n", "c"], lines);
    }

    [Fact]
    public void Limit_must_be_positive_and_feed_after_eof_is_an_error()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new AsyncStreamReader(0));
        var r = new AsyncStreamReader();
        r.FeedEof();
        Assert.Throws<InvalidOperationException>(() => r.FeedData(B("x")));
    }
}
