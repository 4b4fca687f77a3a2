using static Aio.Asyncio;

namespace Aio.Tests.Loop;

public class SleepZeroResumeTests
{
    [Fact]
    public void Sleep_zero_resumes_its_task_once_per_call_so_tasks_alternate_turn_by_turn()
    {
        var errors = new List<ExceptionContext>();
        var log = new List<string>();
        Run(async () =>
        {
            GetRunningLoop().SetExceptionHandler((_, context) => errors.Add(context));

            async Task Worker(string name)
            {
                for (var i = 0; i < 3; i++)
                {
                    log.Add(name + i);
                    await Sleep(0);
                }
            }

            await Gather(CreateTask(() => Worker("a")), CreateTask(() => Worker("b")));
        });

        Assert.Empty(errors);
        Assert.Equal(["a0", "b0", "a1", "b1", "a2", "b2"], log);
    }
}
