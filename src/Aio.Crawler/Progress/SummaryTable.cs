using Aio.Crawler.Crawling;
using Aio.Crawler.Storage;
using Spectre.Console;

namespace Aio.Crawler.Progress;

/// <summary>The table printed when a crawl ends, and by <c>status</c>.</summary>
internal static class SummaryTable
{
    public static Table ForRun(CrawlStats stats, StoreStatus store, TimeSpan elapsed, string description)
    {
        var table = new Table().Border(TableBorder.Rounded).Title($"aio-crawl: {Markup.Escape(description)}");
        table.AddColumn("");
        table.AddColumn(new TableColumn("this run").RightAligned());
        table.AddColumn(new TableColumn("store").RightAligned());
        table.AddRow("HTML pages (200)", stats.Pages.ToString(), store.HtmlPages.ToString());
        table.AddRow("URLs finished", stats.Fetched.ToString(), store.Finished.ToString());
        table.AddRow("errors", stats.Errors.ToString(), "");
        table.AddRow("retries", stats.Retries.ToString(), "");
        table.AddRow("bytes", Bytes.Format(stats.Bytes), Bytes.Format(store.Bytes));
        table.AddRow("queued / leased", "", $"{store.Queued} / {store.Leased}");
        table.AddRow("skipped", "", store.Skipped.ToString());
        table.AddRow("elapsed", $"{elapsed.TotalSeconds:F1} s", "");
        table.AddRow("pages/s", $"{stats.Pages / Math.Max(0.001, elapsed.TotalSeconds):F0}", "");
        foreach (var (reason, count) in store.ByReason)
        {
            table.AddRow($"  {Markup.Escape(reason)}", stats.ByReason.GetValueOrDefault(reason).ToString(), count.ToString());
        }

        return table;
    }

    public static Table ForStore(StoreStatus store, string description)
    {
        var table = new Table().Border(TableBorder.Rounded).Title($"aio-crawl: {Markup.Escape(description)}");
        table.AddColumn("");
        table.AddColumn(new TableColumn("URLs").RightAligned());
        table.AddRow("known", store.Total.ToString());
        table.AddRow("queued", store.Queued.ToString());
        table.AddRow("leased", store.Leased.ToString());
        table.AddRow("finished", store.Finished.ToString());
        table.AddRow("skipped", store.Skipped.ToString());
        table.AddRow("HTML pages (200)", store.HtmlPages.ToString());
        table.AddRow("bytes", Bytes.Format(store.Bytes));
        foreach (var (reason, count) in store.ByReason)
        {
            table.AddRow($"  {Markup.Escape(reason)}", count.ToString());
        }

        table.Caption(store.IsComplete ? "complete" : "in progress: run the same crawl command to resume");
        return table;
    }
}
