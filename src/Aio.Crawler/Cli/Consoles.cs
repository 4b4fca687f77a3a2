using Spectre.Console;

namespace Aio.Crawler.Cli;

/// <summary>Spectre.Console consoles that write where the command was told to write (tests capture it).</summary>
internal static class Consoles
{
    public static IAnsiConsole For(TextWriter output) => ReferenceEquals(output, Console.Out)
        ? AnsiConsole.Console
        : AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
}
