using Aio.Tests.Support;
using static Aio.Asyncio;

namespace Aio.Tests.Diagnostics;

public class DiagnosticsTests
{
    [Fact]
    public void The_task_tree_shows_each_task_under_its_parent_with_what_it_waits_on()
    {
        var tree = Run(async () =>
        {
            string? text = null;
            await TaskGroup.RunAsync(async tg =>
            {
                tg.StartSoon(() => Sleep(10).AsTask(), "sleeper");
                var waiter = tg.CreateTask(async () => await new Future<int>(), "waiter");
                await Sleep(0);
                text = TaskTree.Format(GetRunningLoop());
                tg.Cancel();
            });
            return text!;
        });
        Assert.Contains("sleeper (in a task group) [waiting: Sleep]", tree);
        Assert.Contains("waiter (in a task group) [waiting: await <Future`1 pending>]", tree);
        var lines = tree.Split('\n');
        var main = Array.FindIndex(lines, l => l.Contains("Task-"));
        var sleeper = Array.FindIndex(lines, l => l.Contains("sleeper"));
        Assert.True(main >= 0 && sleeper > main, tree);
        Assert.True(lines[sleeper].IndexOf('└') > lines[main].IndexOf('└'), tree);
    }

    [Fact]
    public void Debug_mode_lists_tasks_still_pending_when_the_loop_closes()
    {
        var logger = new ListLogger();
        var loop = new EventLoop { Debug = true, Logger = logger };
        loop.RunUntilComplete(async () =>
        {
            _ = CreateTask(() => Sleep(10).AsTask(), "left-behind");
            await Sleep(0);
        });
        loop.Close();
        Assert.Contains(logger.Lines, l => l.Contains("Task was destroyed but it is pending!") && l.Contains("left-behind"));
    }

    [Fact]
    public void Debug_mode_lists_servers_left_open_when_the_loop_closes_and_not_closed_ones()
    {
        var logger = new ListLogger();
        var loop = new EventLoop { Debug = true, Logger = logger };
        Server? open = null;
        loop.RunUntilComplete(async () =>
        {
            var closed = await StartServer((_, w) => Task.CompletedTask, "127.0.0.1", 0);
            closed.Close();
            await closed.WaitClosedAsync();
            open = await StartServer((_, w) => Task.CompletedTask, "127.0.0.1", 0);
        });
        loop.Close();
        open!.Close();
        var report = Assert.Single(logger.Lines, l => l.Contains("resource(s) still open"));
        Assert.Contains("1 resource(s)", report);
        Assert.Contains("Server", report);
    }

    [Fact]
    public void Debug_mode_reports_a_lost_task_error_with_the_stack_where_the_task_was_created()
    {
        var logger = new ListLogger();
        var loop = new EventLoop { Debug = true, Logger = logger };
        loop.SetExceptionHandler((l, ctx) => l.DefaultExceptionHandler(ctx));
        loop.RunUntilComplete(async () =>
        {
            StartDoomedTask();
            await Sleep(0);
            await Sleep(0);
            for (var i = 0; i < 5 && logger.Lines.Count == 0; i++)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                await Sleep(0.01);
            }
        });
        loop.Close();
        Assert.Contains(logger.Lines, l => l.Contains("Task exception was never retrieved") && l.Contains(nameof(StartDoomedTask)));
    }

    [Fact]
    public void A_debug_task_creation_stack_starts_at_the_code_that_created_it_whatever_path_inside_Aio_it_took()
    {
        var loop = new EventLoop { Debug = true };
        var stacks = loop.RunUntilComplete(async () =>
        {
            var plain = CreateTaskFromUserCode();
            string? grouped = null;
            await TaskGroup.RunAsync(group =>
            {
                grouped = CreateGroupTaskFromUserCode(group).CreationStack;
                return Task.CompletedTask;
            });

            await plain;
            return new[] { plain.CreationStack, grouped };
        });
        loop.Close();

        Assert.StartsWith($"   at {typeof(DiagnosticsTests).FullName}.{nameof(CreateTaskFromUserCode)}", stacks[0]);
        Assert.StartsWith($"   at {typeof(DiagnosticsTests).FullName}.{nameof(CreateGroupTaskFromUserCode)}", stacks[1]);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static AioTask CreateTaskFromUserCode() => CreateTask(() => Task.CompletedTask);

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static AioTask CreateGroupTaskFromUserCode(TaskGroup group) => group.CreateTask(() => Task.CompletedTask);

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static void StartDoomedTask() => CreateTask(() => throw new FormatException("nobody looks"), "doomed");

    [Fact]
    public void A_continuation_that_escaped_the_loop_gets_an_error_naming_the_cause()
    {
        var message = Run(async () =>
        {
            await Task.Delay(1).ConfigureAwait(false);
            try
            {
                await Sleep(0);
                return "no error";
            }
            catch (InvalidOperationException e)
            {
                return e.Message;
            }
        });
        Assert.Contains("ConfigureAwait(false)", message);
    }
}
