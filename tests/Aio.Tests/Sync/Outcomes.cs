namespace Aio.Tests.Sync;

/// <summary>Renders how an awaited task ended, as the asyncio scenarios print it.</summary>
internal static class Outcomes
{
    public static async Task<string> Of(AioTask task)
    {
        try
        {
            await task;
            return "ok";
        }
        catch (CancelledError)
        {
            return "cancelled";
        }
        catch (Exception e)
        {
            return e.GetType().Name;
        }
    }

    public static async Task<string> Of<T>(AioTask<T> task)
    {
        try
        {
            return $"-> {await task}";
        }
        catch (CancelledError)
        {
            return "cancelled";
        }
        catch (Exception e)
        {
            return e.GetType().Name;
        }
    }
}
