using Aio.Analyzers.Tests.Support;

namespace Aio.Analyzers.Tests;

public class ConfigureAwaitFalseTests
{
    private const string Source = """
        class C
        {
            async Task M(Task t, ValueTask<int> v, IAsyncEnumerable<int> items, bool flag)
            {
                await t.ConfigureAwait(false);
                await v.ConfigureAwait(false);
                await foreach (var item in items.ConfigureAwait(false))
                {
                }

                await t.ConfigureAwait(ConfigureAwaitOptions.None);
                await t.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                await t.ConfigureAwait(true);
                await t.ConfigureAwait(ConfigureAwaitOptions.ContinueOnCapturedContext);
                await t.ConfigureAwait(flag);
                await t;
            }
        }
        """;

    [Fact]
    public async Task ConfigureAwait_false_in_a_project_referencing_Aio_is_reported()
    {
        Assert.Equal(
            ["AIO003 5:17", "AIO003 6:17", "AIO003 7:42", "AIO003 11:17", "AIO003 12:17"],
            await Snippets.FindingsAsync(Source));
    }

    [Fact]
    public async Task ConfigureAwait_false_in_a_project_without_Aio_is_not_reported()
    {
        Assert.Empty(await Snippets.FindingsAsync(Source, withAio: false));
    }
}
