using Aio.Samples.Tour;

return TourProgram.Run(args, Console.Out, Console.Error);
