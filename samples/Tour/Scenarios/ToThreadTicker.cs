using static Aio.Asyncio;

namespace Aio.Samples.Tour.Scenarios;

/// <summary>
/// asyncio's <c>to_thread</c> example: a blocking function (<c>Thread.Sleep</c>, Python's <c>time.sleep</c>) runs on
/// a worker thread while the loop stays free — a ticker task keeps ticking the whole time. Called directly on the
/// loop, the same function would freeze every task for its full duration.
/// </summary>
public sealed class ToThreadTicker : TourScenario
{
    /// <inheritdoc/>
    public override string Name => "to-thread";

    /// <inheritdoc/>
    public override string Title => "ToThread: a blocking Thread.Sleep(1 s) off the loop while a ticker keeps running";

    /// <inheritdoc/>
    public override async Task RunAsync(TourContext tour)
    {
        void BlockingIo()
        {
            tour.Log($"blocking_io: start on worker thread {Environment.CurrentManagedThreadId}");
            Thread.Sleep(TimeSpan.FromSeconds(tour.Seconds(1)));
            tour.Log("blocking_io: done");
        }

        await tour.TimeAsync("ToThread(blocking_io) beside a ticker", tour.Seconds(1), async () =>
        {
            var ticks = 0;
            var ticker = CreateTask(async () =>
            {
                while (true)
                {
                    await Sleep(tour.Seconds(0.25));
                    tour.Log($"tick {++ticks} on the loop thread {Environment.CurrentManagedThreadId}");
                }
            });

            await ToThread(BlockingIo);
            ticker.Cancel();
            try
            {
                await ticker;
            }
            catch (CancelledError)
            {
                tour.Log($"ticker cancelled after {ticks} ticks: the loop never waited for the thread");
            }
        });
    }
}
