using Aio.Analyzers.Tests.Support;

namespace Aio.Analyzers.Tests;

public class SwallowedCancellationTests
{
    [Fact]
    public async Task Catches_that_swallow_cancellation_around_an_await_are_reported()
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
                    }

                    try { await Asyncio.Sleep(1); }
                    catch (Exception e) { Console.WriteLine(e); }

                    try { await Asyncio.Sleep(1); }
                    catch { }

                    try { await Asyncio.Sleep(1); }
                    catch (CancelledError) { }

                    try { await Asyncio.Sleep(1); }
                    catch (Exception e) when (e.Message.Length > 0) { }

                    try { await foreach (var i in Items()) { } }
                    catch (SystemException) { }
                }

                static async IAsyncEnumerable<int> Items()
                {
                    await Task.Yield();
                    yield return 1;
                }
            }
            """;
        Assert.Equal(
            ["AIO004 9:9", "AIO004 14:9", "AIO004 17:9", "AIO004 20:9", "AIO004 23:9", "AIO004 26:9"],
            await Snippets.FindingsAsync(source));
    }

    [Fact]
    public async Task Catches_that_rethrow_or_filter_out_cancellation_are_not_reported()
    {
        var source = """
            using System.Runtime.ExceptionServices;

            class C
            {
                async Task M()
                {
                    try { await Asyncio.Sleep(1); }
                    catch (OperationCanceledException) { Console.WriteLine("cleanup"); throw; }

                    try { await Asyncio.Sleep(1); }
                    catch (Exception e) { if (e is OperationCanceledException) { throw; } }

                    try { await Asyncio.Sleep(1); }
                    catch (Exception e) { ExceptionDispatchInfo.Capture(e).Throw(); }

                    try { await Asyncio.Sleep(1); }
                    catch (Exception e) when (e is not OperationCanceledException) { }

                    try { await Asyncio.Sleep(1); }
                    catch (Exception e) when (!(e is OperationCanceledException) && e.Message.Length > 0) { }

                    try { await Asyncio.Sleep(1); }
                    catch (Exception e) when (e is IOException or TimeoutException) { }

                    try { await Asyncio.Sleep(1); }
                    catch (Exception e) when (e is not (CancelledError or ArgumentException)) { }

                    try { await Asyncio.Sleep(1); }
                    catch (IOException) { }

                    try { await Asyncio.Sleep(1); }
                    catch (TaskCanceledException) { }

                    try { await Asyncio.Sleep(1); }
                    catch (OperationCanceledException) { throw; }
                    catch (Exception) { }
                }
            }
            """;
        Assert.Empty(await Snippets.FindingsAsync(source));
    }

    [Fact]
    public async Task Awaiting_a_child_just_cancelled_is_not_reported_unless_the_catch_is_broad()
    {
        var source = """
            class C
            {
                async Task M()
                {
                    var child = Asyncio.CreateTask(() => Asyncio.Sleep(10).AsTask());
                    child.Cancel();
                    try
                    {
                        await child;
                    }
                    catch (CancelledError)
                    {
                    }

                    var other = Asyncio.CreateTask(() => Asyncio.Sleep(10).AsTask());
                    other.Cancel();
                    try { await other; }
                    catch (Exception) { }

                    var uncancelled = Asyncio.CreateTask(() => Asyncio.Sleep(10).AsTask());
                    try { await uncancelled; }
                    catch (CancelledError) { }
                }
            }
            """;
        Assert.Equal(["AIO004 18:9", "AIO004 22:9"], await Snippets.FindingsAsync(source));
    }

    [Fact]
    public async Task Catches_without_an_await_in_their_try_or_outside_async_code_are_not_reported()
    {
        var source = """
            class C
            {
                async Task M()
                {
                    try { Console.WriteLine(); }
                    catch (Exception) { }

                    try { Func<Task> f = async () => await Asyncio.Sleep(1); }
                    catch (Exception) { }

                    await Task.Yield();
                }

                void N(Task t)
                {
                    try { t.Wait(); }
                    catch (Exception) { }
                }
            }
            """;
        Assert.Empty(await Snippets.FindingsAsync(source));
    }

    [Fact]
    public async Task Without_Aio_a_catch_of_OperationCanceledException_around_an_await_is_reported()
    {
        var source = """
            class C
            {
                async Task M()
                {
                    try { await Task.Delay(1); }
                    catch (OperationCanceledException) { }
                }
            }
            """;
        Assert.Equal(["AIO004 6:9"], await Snippets.FindingsAsync(source, withAio: false));
    }
}
