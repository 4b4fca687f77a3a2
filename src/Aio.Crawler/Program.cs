using Aio.Crawler.Cli;

return await CrawlerApp.RunAsync(args, Console.Out, Console.Error);
