using Aio.Analyzers.CodeFixes;
using Aio.Analyzers.Tests.Support;

namespace Aio.Analyzers.Tests;

public class CodeFixTests
{
    [Fact]
    public async Task Thread_sleep_becomes_await_asyncio_sleep_of_milliseconds()
    {
        var source = """
            class C
            {
                async Task M()
                {
                    Thread.Sleep(100);
                }
            }
            """;
        var expected = """
            class C
            {
                async Task M()
                {
                    await Asyncio.Sleep(TimeSpan.FromMilliseconds(100));
                }
            }
            """;
        Assert.Equal(expected, await Fixes.ApplyAsync(source, new BlockingCallCodeFix(), "AIO001", "Use 'await Asyncio.Sleep'"));
    }

    [Fact]
    public async Task Thread_sleep_fix_adds_the_using_for_Aio_when_the_file_lacks_it()
    {
        var source = """
            class C
            {
                async Task M()
                {
                    Thread.Sleep(100);
                }
            }
            """;
        var expected = """
            using Aio;

            class C
            {
                async Task M()
                {
                    await Asyncio.Sleep(TimeSpan.FromMilliseconds(100));
                }
            }
            """;
        Assert.Equal(expected, await Fixes.ApplyAsync(source, new BlockingCallCodeFix(), "AIO001", "Use 'await Asyncio.Sleep'", aioImported: false));
    }

    [Fact]
    public async Task Thread_sleep_of_a_timespan_passes_it_through_and_without_Aio_uses_task_delay()
    {
        var source = """
            class C
            {
                async Task M(TimeSpan delay)
                {
                    Thread.Sleep(delay);
                }
            }
            """;
        Assert.Contains("await Asyncio.Sleep(delay);", await Fixes.ApplyAsync(source, new BlockingCallCodeFix(), "AIO001", "Use 'await Asyncio.Sleep'"));
        Assert.Contains("await Task.Delay(delay);", await Fixes.ApplyAsync(source, new BlockingCallCodeFix(), "AIO001", "Use 'await Asyncio.Sleep'", withAio: false));
    }

    [Fact]
    public async Task Wait_result_and_get_result_become_await()
    {
        var source = """
            class C
            {
                async Task<string> M(Task t, Task<int> n, Task<int> m, Task u, Task a, Task b)
                {
                    t.Wait();
                    var x = n.Result + 1;
                    var s = m.Result.ToString();
                    u.GetAwaiter().GetResult();
                    Task.WaitAll(a, b);
                    return s + x;
                }
            }
            """;
        var expected = """
            class C
            {
                async Task<string> M(Task t, Task<int> n, Task<int> m, Task u, Task a, Task b)
                {
                    await t;
                    var x = await n + 1;
                    var s = (await m).ToString();
                    await u;
                    await Task.WhenAll(a, b);
                    return s + x;
                }
            }
            """;
        var text = source;
        for (var i = 0; i < 5; i++)
        {
            var title = (await Fixes.OfferedAsync(text, new BlockingCallCodeFix(), "AIO001")).Single();
            text = await Fixes.ApplyAsync(text, new BlockingCallCodeFix(), "AIO001", title);
        }

        Assert.Equal(expected, text);
    }

    [Fact]
    public async Task Blocking_io_becomes_an_await_of_its_async_twin()
    {
        var source = """
            class C
            {
                async Task<int> M()
                {
                    var text = File.ReadAllText("a.txt");
                    return text.Length;
                }
            }
            """;
        var expected = """
            class C
            {
                async Task<int> M()
                {
                    var text = await File.ReadAllTextAsync("a.txt");
                    return text.Length;
                }
            }
            """;
        Assert.Equal(expected, await Fixes.ApplyAsync(source, new BlockingCallCodeFix(), "AIO001", "Use 'await ReadAllTextAsync'"));
    }

    [Fact]
    public async Task No_fix_is_offered_where_the_async_form_is_not_a_drop_in()
    {
        var waitAny = """
            class C
            {
                async Task M(Task a, Task b)
                {
                    Task.WaitAny(a, b);
                    await Task.Yield();
                }
            }
            """;
        var timedWait = """
            class C
            {
                async Task M(Task a)
                {
                    a.Wait(100);
                    await Task.Yield();
                }
            }
            """;
        Assert.Empty(await Fixes.OfferedAsync(waitAny, new BlockingCallCodeFix(), "AIO001"));
        Assert.Empty(await Fixes.OfferedAsync(timedWait, new BlockingCallCodeFix(), "AIO001"));
    }

    [Fact]
    public async Task Discarded_awaitable_gets_an_explicit_discard()
    {
        var source = """
            class C
            {
                static Task SaveAsync() => Task.CompletedTask;

                void M()
                {
                    SaveAsync();
                    Action a = () => SaveAsync();
                }
            }
            """;
        var expected = """
            class C
            {
                static Task SaveAsync() => Task.CompletedTask;

                void M()
                {
                    _ = SaveAsync();
                    Action a = () => _ = SaveAsync();
                }
            }
            """;
        var once = await Fixes.ApplyAsync(source, new DiscardedAwaitableCodeFix(), "AIO002", "Discard explicitly (fire-and-forget)");
        Assert.Equal(expected, await Fixes.ApplyAsync(once, new DiscardedAwaitableCodeFix(), "AIO002", "Discard explicitly (fire-and-forget)"));
    }

    [Fact]
    public async Task ConfigureAwait_false_is_removed()
    {
        var source = """
            class C
            {
                async Task M(Task t)
                {
                    await t.ConfigureAwait(false);
                }
            }
            """;
        var expected = """
            class C
            {
                async Task M(Task t)
                {
                    await t;
                }
            }
            """;
        Assert.Equal(expected, await Fixes.ApplyAsync(source, new ConfigureAwaitFalseCodeFix(), "AIO003", "Remove ConfigureAwait(false)"));
    }

    [Fact]
    public async Task Broad_catch_gets_a_cancellation_rethrow_clause_before_it()
    {
        var source = """
            class C
            {
                async Task M()
                {
                    try
                    {
                        await Asyncio.Sleep(1);
                    }
                    catch (Exception e)
                    {
                        Console.WriteLine(e);
                    }
                }
            }
            """;
        var expected = """
            class C
            {
                async Task M()
                {
                    try
                    {
                        await Asyncio.Sleep(1);
                    }
                    catch (OperationCanceledException)
                    {
                        throw;
                    }
                    catch (Exception e)
                    {
                        Console.WriteLine(e);
                    }
                }
            }
            """;
        Assert.Equal(["Let cancellation through", "Rethrow after handling"], await Fixes.OfferedAsync(source, new SwallowedCancellationCodeFix(), "AIO004"));
        Assert.Equal(expected, await Fixes.ApplyAsync(source, new SwallowedCancellationCodeFix(), "AIO004", "Let cancellation through"));
    }

    [Fact]
    public async Task Cancellation_catch_gets_a_rethrow_after_its_handler()
    {
        var source = """
            class C
            {
                async Task M()
                {
                    try
                    {
                        await Asyncio.Sleep(1);
                    }
                    catch (OperationCanceledException)
                    {
                        Console.WriteLine("cancelled");
                    }
                }
            }
            """;
        var expected = """
            class C
            {
                async Task M()
                {
                    try
                    {
                        await Asyncio.Sleep(1);
                    }
                    catch (OperationCanceledException)
                    {
                        Console.WriteLine("cancelled");
                        throw;
                    }
                }
            }
            """;
        Assert.Equal(["Rethrow after handling"], await Fixes.OfferedAsync(source, new SwallowedCancellationCodeFix(), "AIO004"));
        Assert.Equal(expected, await Fixes.ApplyAsync(source, new SwallowedCancellationCodeFix(), "AIO004", "Rethrow after handling"));
    }
}
