using Aio.Analyzers.Tests.Support;

namespace Aio.Analyzers.Tests;

public class BlockingCallTests
{
    [Fact]
    public async Task Thread_sleep_in_async_method_and_async_lambda_is_reported()
    {
        var source = """
            class C
            {
                async Task M()
                {
                    Thread.Sleep(10);
                    await Task.Yield();
                }

                Func<Task> F() => async () =>
                {
                    Thread.Sleep(TimeSpan.FromSeconds(1));
                    await Task.Yield();
                };
            }
            """;
        Assert.Equal(["AIO001 5:9", "AIO001 11:9"], await Snippets.FindingsAsync(source));
    }

    [Fact]
    public async Task Blocking_calls_outside_async_code_are_not_reported()
    {
        var source = """
            class C
            {
                void M(Task<int> t)
                {
                    Thread.Sleep(10);
                    t.Wait();
                    _ = t.Result;
                    File.ReadAllText("x");
                }

                async Task N()
                {
                    await Asyncio.ToThread(() => Thread.Sleep(10));
                    await Asyncio.ToThread(() => File.ReadAllText("x"));
                }
            }
            """;
        Assert.Empty(await Snippets.FindingsAsync(source));
    }

    [Fact]
    public async Task Waiting_on_a_task_synchronously_is_reported()
    {
        var source = """
            class C
            {
                async Task<int> M(Task<int> t, Task u, ValueTask<int> v)
                {
                    u.Wait();
                    Task.WaitAll(t, u);
                    Task.WaitAny(t, u);
                    var a = t.Result;
                    var b = 0;
                    u.GetAwaiter().GetResult();
                    var c = v.Result;
                    await Task.Yield();
                    return a + b + c;
                }
            }
            """;
        Assert.Equal(
            ["AIO001 5:9", "AIO001 6:9", "AIO001 7:9", "AIO001 8:17", "AIO001 10:9", "AIO001 11:17"],
            await Snippets.FindingsAsync(source));
    }

    [Fact]
    public async Task Result_of_a_task_already_awaited_or_checked_is_not_reported()
    {
        var source = """
            class C
            {
                async Task<int> M(Task<int> t, Task<int> u, Task<int> w, Task work)
                {
                    await Task.WhenAll(t, u);
                    var a = t.Result + u.Result;
                    await work;
                    a += work is Task<int> typed ? typed.Result : 0;
                    if (w.IsCompleted)
                    {
                        a += w.GetAwaiter().GetResult();
                    }

                    return a;
                }
            }
            """;
        Assert.Empty(await Snippets.FindingsAsync(source));
    }

    [Fact]
    public async Task Synchronous_io_with_an_async_twin_is_reported()
    {
        var source = """
            using System.Diagnostics;
            using System.Net.Sockets;

            class C
            {
                async Task M(Stream s, Process p, HttpClient h, Socket k, SemaphoreSlim gate, TextReader r)
                {
                    var text = File.ReadAllText("a.txt");
                    File.WriteAllBytes("b.bin", new byte[1]);
                    s.Write(new byte[1], 0, 1);
                    s.Flush();
                    p.WaitForExit();
                    h.Send(new HttpRequestMessage());
                    k.Connect("localhost", 80);
                    gate.Wait();
                    var line = r.ReadLine();
                    await Task.Yield();
                }
            }
            """;
        Assert.Equal(
            ["AIO001 8:20", "AIO001 9:9", "AIO001 10:9", "AIO001 11:9", "AIO001 12:9", "AIO001 13:9", "AIO001 14:9", "AIO001 15:9", "AIO001 16:20"],
            await Snippets.FindingsAsync(source));
    }

    [Fact]
    public async Task Calls_without_a_twin_in_memory_io_and_console_output_are_not_reported()
    {
        var source = """
            class C
            {
                async Task M(MemoryStream m, StringWriter w, TextWriter log)
                {
                    log.WriteLine("x");
                    File.Exists("a.txt");
                    File.Delete("a.txt");
                    m.Write(new byte[1], 0, 1);
                    w.Write("x");
                    Console.Out.WriteLine("x");
                    Console.WriteLine("x");
                    await File.ReadAllTextAsync("a.txt");
                    m.Dispose();
                }
            }
            """;
        Assert.Empty(await Snippets.FindingsAsync(source));
    }

    [Fact]
    public async Task Monitor_held_across_an_await_is_reported_and_released_before_it_is_not()
    {
        var source = """
            class C
            {
                readonly object _gate = new();

                async Task Held()
                {
                    Monitor.Enter(_gate);
                    try
                    {
                        await Task.Yield();
                    }
                    finally
                    {
                        Monitor.Exit(_gate);
                    }
                }

                async Task Released()
                {
                    Monitor.Enter(_gate);
                    Monitor.Exit(_gate);
                    await Task.Yield();
                }
            }
            """;
        Assert.Equal(["AIO001 7:9"], await Snippets.FindingsAsync(source));
    }

    [Fact]
    public async Task Async_local_functions_and_anonymous_methods_count_as_async_code()
    {
        var source = """
            class C
            {
                void M()
                {
                    async Task Local()
                    {
                        Thread.Sleep(1);
                        await Task.Yield();
                    }

                    Func<Task> f = async delegate { Thread.Sleep(1); await Task.Yield(); };
                    _ = Local();
                    _ = f;
                }
            }
            """;
        Assert.Equal(["AIO001 7:13", "AIO001 11:41"], await Snippets.FindingsAsync(source));
    }
}
