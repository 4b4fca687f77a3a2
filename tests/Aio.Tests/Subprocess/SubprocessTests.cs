using System.ComponentModel;
using static Aio.Asyncio;
using static Aio.Tests.Streams.IoTest;

namespace Aio.Tests.Subprocess;

public class SubprocessTests
{
    [Fact]
    public void Communicate_feeds_stdin_collects_stdout_and_sets_return_code()
    {
        var (output, errors, code) = RunIo(async () =>
        {
            var p = await CreateSubprocessShell("tr a-z A-Z; exit 3", stdin: Stdio.Pipe, stdout: Stdio.Pipe);
            var (o, e) = await p.CommunicateAsync(B("hello\n"));
            return (o, e, p.ReturnCode);
        });
        Assert.Equal("HELLO\n", S(output!));
        Assert.Null(errors);
        Assert.Equal(3, code);
    }

    [Fact]
    public void Stderr_to_stdout_merges_both_streams()
    {
        var (text, code) = RunIo(async () =>
        {
            var p = await CreateSubprocessShell("echo out; echo err 1>&2; exit 5", stdout: Stdio.Pipe, stderr: Stdio.Stdout);
            var all = await p.Stdout!.ReadAsync();
            return (S(all), await p.WaitAsync());
        });
        Assert.Equal("out\nerr\n", text);
        Assert.Equal(5, code);
    }

    [Fact]
    public void Exec_passes_arguments_without_a_shell_and_devnull_discards()
    {
        var (output, errors) = RunIo(async () =>
        {
            var p = await CreateSubprocessExec(
                "sh", ["-c", "printf '%s|' \"$@\"; echo gone 1>&2", "sh", "a b", "$HOME"], stdout: Stdio.Pipe, stderr: Stdio.DevNull, stdin: Stdio.DevNull);
            return await p.CommunicateAsync();
        });
        Assert.Equal("a b|$HOME|", S(output!));
        Assert.Null(errors);
    }

    [Fact]
    public void Communicate_with_large_output_on_both_pipes_does_not_deadlock()
    {
        var (o, e) = RunIo(async () =>
        {
            var p = await CreateSubprocessShell(
                "head -c 3000000 /dev/zero; head -c 2000000 /dev/zero 1>&2; cat > /dev/null",
                stdin: Stdio.Pipe, stdout: Stdio.Pipe, stderr: Stdio.Pipe);
            var (output, errors) = await p.CommunicateAsync(new byte[1_000_000]);
            return (output!.Length, errors!.Length);
        });
        Assert.Equal(3_000_000, o);
        Assert.Equal(2_000_000, e);
    }

    [Fact]
    public void Cancelled_wait_leaves_the_process_running_and_terminate_gives_minus_signal_to_all_waiters()
    {
        var codes = RunIo(async () =>
        {
            var p = await CreateSubprocessExec("sleep", ["30"]);
            await Assert.ThrowsAsync<TimeoutException>(() => WaitFor(async () => await p.WaitAsync(), 0.05));
            Assert.Null(p.ReturnCode);
            p.Terminate();
            var both = await Gather(async () => await p.WaitAsync(), async () => await p.WaitAsync());
            return both;
        });
        Assert.Equal([-15, -15], codes);
    }

    [Fact]
    public void Kill_gives_minus_nine_and_signals_after_exit_are_ignored()
    {
        var code = RunIo(async () =>
        {
            var p = await CreateSubprocessExec("sleep", ["30"]);
            p.Kill();
            var c = await p.WaitAsync();
            p.Kill();
            p.Terminate();
            p.SendSignal(1);
            return c;
        });
        Assert.Equal(-9, code);
    }

    [Fact]
    public void Cancelling_a_task_waiting_on_a_process_leaves_no_zombie()
    {
        var pid = RunIo(async () =>
        {
            var p = await CreateSubprocessShell("exec sleep 1");
            var waiter = CreateTask(async () => await p.WaitAsync());
            await Sleep(0);
            waiter.Cancel();
            await Assert.ThrowsAsync<CancelledError>(async () => await waiter);
            Assert.Equal(0, await p.WaitAsync());
            return p.Pid;
        });
        Assert.False(IsZombie(pid), "the child is a zombie");
    }

    [Fact]
    public void Process_exiting_early_while_we_write_stdin_fails_drain_with_broken_pipe_and_communicate_ignores_it()
    {
        RunIo(async () =>
        {
            var p = await CreateSubprocessShell("exit 7", stdin: Stdio.Pipe);
            Assert.Equal(7, await p.WaitAsync());
            var chunk = new byte[256 * 1024];
            var e = await Record.ExceptionAsync(async () =>
            {
                for (var i = 0; i < 1000; i++)
                {
                    p.Stdin!.Write(chunk);
                    await p.Stdin.DrainAsync();
                }
            });
            var se = Assert.IsType<System.Net.Sockets.SocketException>(e);
            Assert.Equal(System.Net.Sockets.SocketError.Shutdown, se.SocketErrorCode);

            var q = await CreateSubprocessShell("exit 2", stdin: Stdio.Pipe);
            await q.WaitAsync();
            var (o, err) = await q.CommunicateAsync(new byte[1_000_000]);
            Assert.Null(o);
            Assert.Null(err);
            Assert.Equal(2, q.ReturnCode);
        });
    }

    [Fact]
    public void Spawn_failure_raises_in_the_caller()
    {
        RunIo(async () =>
        {
            await Assert.ThrowsAsync<Win32Exception>(() => CreateSubprocessExec("/no/such/program-aio", stdout: Stdio.Pipe));
            await Assert.ThrowsAsync<ArgumentException>(() => CreateSubprocessExec("true", stdout: Stdio.Stdout));
        });
    }

    [Fact]
    public void Stdout_lines_can_be_read_while_the_process_runs()
    {
        var lines = RunIo(async () =>
        {
            var p = await CreateSubprocessShell("for i in 1 2 3; do echo line$i; done", stdout: Stdio.Pipe);
            var got = new List<string>();
            await foreach (var line in p.Stdout!)
            {
                got.Add(S(line).TrimEnd());
            }

            await p.WaitAsync();
            return got;
        });
        Assert.Equal(["line1", "line2", "line3"], lines);
    }

    private static bool IsZombie(int pid)
    {
        var stat = $"/proc/{pid}/stat";
        if (!File.Exists(stat))
        {
            return false;
        }

        try
        {
            var text = File.ReadAllText(stat);
            return text[(text.LastIndexOf(')') + 2)..].StartsWith('Z');
        }
        catch (IOException)
        {
            return false;
        }
    }
}
