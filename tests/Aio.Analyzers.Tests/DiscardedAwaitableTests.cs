using Aio.Analyzers.Tests.Support;

namespace Aio.Analyzers.Tests;

public class DiscardedAwaitableTests
{
    [Fact]
    public async Task Awaitables_dropped_in_non_async_methods_are_reported()
    {
        var source = """
            class C
            {
                static Task SaveAsync() => Task.CompletedTask;
                static ValueTask<int> CountAsync() => new(1);

                void M()
                {
                    SaveAsync();
                    CountAsync();
                    Task.Run(() => { });
                    Asyncio.CreateTask(async () => await Asyncio.Sleep(1));
                }
            }
            """;
        Assert.Equal(["AIO002 8:9", "AIO002 9:9", "AIO002 10:9", "AIO002 11:9"], await Snippets.FindingsAsync(source));
        Assert.Empty(Snippets.CompilerWarnings(source, "CS4014"));
    }

    [Fact]
    public async Task Anything_with_GetAwaiter_counts_as_awaitable()
    {
        var source = """
            using System.Runtime.CompilerServices;

            class Job
            {
                public TaskAwaiter GetAwaiter() => Task.CompletedTask.GetAwaiter();
            }

            class C
            {
                static Job Start() => new();
                static Future<int> Pending() => new();

                void M()
                {
                    Start();
                    Pending();
                }
            }
            """;
        Assert.Equal(["AIO002 15:9", "AIO002 16:9"], await Snippets.FindingsAsync(source));
    }

    [Fact]
    public async Task Awaitables_dropped_in_plain_lambdas_are_reported()
    {
        var source = """
            class C
            {
                static Task SaveAsync(int i) => Task.CompletedTask;

                void M(List<int> items)
                {
                    Action a = () => { SaveAsync(1); };
                    Action b = () => SaveAsync(2);
                    items.ForEach(i => SaveAsync(i));
                }
            }
            """;
        Assert.Equal(["AIO002 7:28", "AIO002 8:26", "AIO002 9:28"], await Snippets.FindingsAsync(source));
        Assert.Empty(Snippets.CompilerWarnings(source, "CS4014"));
    }

    [Fact]
    public async Task Where_the_compiler_already_warns_CS4014_the_rule_stays_silent()
    {
        var source = """
            class C
            {
                static Task SaveAsync() => Task.CompletedTask;
                static async Task WorkAsync() => await Task.Yield();

                async Task M()
                {
                    SaveAsync();
                    await Task.Yield();
                }

                void N()
                {
                    WorkAsync();
                    Action a = () => WorkAsync();
                    Action b = async () => SaveAsync();
                }
            }
            """;
        Assert.Empty(await Snippets.FindingsAsync(source));
        Assert.Equal(["CS4014 8:9", "CS4014 14:9", "CS4014 15:26", "CS4014 16:32"], Snippets.CompilerWarnings(source, "CS4014"));
    }

    [Fact]
    public async Task Top_level_statements_count_as_async_code()
    {
        var source = """
            Thread.Sleep(1);
            await Task.Yield();
            Task.Run(() => { });
            """;
        Assert.Equal(["AIO001 1:1"], await Snippets.FindingsAsync(source, program: true));
        Assert.Equal(["CS4014 3:1"], Snippets.CompilerWarnings(source, "CS4014", program: true));
    }

    [Fact]
    public async Task Null_conditional_call_in_async_code_is_reported_because_CS4014_misses_it()
    {
        var source = """
            class Saver
            {
                public Task SaveAsync() => Task.CompletedTask;
            }

            class C
            {
                async Task M(Saver? saver)
                {
                    saver?.SaveAsync();
                    await Task.Yield();
                }
            }
            """;
        Assert.Equal(["AIO002 10:9"], await Snippets.FindingsAsync(source));
        Assert.Empty(Snippets.CompilerWarnings(source, "CS4014"));
    }

    [Fact]
    public async Task Explicit_discard_stored_returned_passed_and_awaited_results_are_not_reported()
    {
        var source = """
            class C
            {
                static Task SaveAsync() => Task.CompletedTask;
                static void Keep(Task t) { }

                Task M()
                {
                    _ = SaveAsync();
                    var t = SaveAsync();
                    Keep(SaveAsync());
                    Func<Task> f = () => SaveAsync();
                    Func<Task> g = SaveAsync;
                    Task.CompletedTask.ContinueWith(_ => { }).Wait();
                    return t;
                }

                async Task N()
                {
                    await SaveAsync();
                    _ = Asyncio.CreateTask(SaveAsync);
                }
            }
            """;
        Assert.Empty(await Snippets.FindingsAsync(source));
    }

    [Fact]
    public async Task Tasks_started_in_a_task_group_are_owned_by_it_and_not_reported()
    {
        var source = """
            class C
            {
                static Task SaveAsync() => Task.CompletedTask;

                Task M() => TaskGroup.RunAsync(tg =>
                {
                    tg.CreateTask(SaveAsync);
                    tg.StartSoon(SaveAsync);
                    return Task.CompletedTask;
                });
            }
            """;
        Assert.Empty(await Snippets.FindingsAsync(source));
    }
}
