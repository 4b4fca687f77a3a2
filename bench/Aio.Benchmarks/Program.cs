using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/Aio.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Aio.Benchmarks.TaskBenchmarks).Assembly).Run(args);
