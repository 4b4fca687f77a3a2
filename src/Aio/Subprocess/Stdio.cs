namespace Aio;

/// <summary>Where a subprocess's standard stream goes: asyncio's <c>None</c>, <c>PIPE</c>, <c>DEVNULL</c> and <c>STDOUT</c>.</summary>
public enum Stdio
{
    /// <summary>Inherited from this process (asyncio's <c>None</c>).</summary>
    Inherit,

    /// <summary>A pipe: <see cref="Subprocess.Stdin"/> / <see cref="Subprocess.Stdout"/> / <see cref="Subprocess.Stderr"/> (asyncio's <c>PIPE</c>).</summary>
    Pipe,

    /// <summary>The null device (asyncio's <c>DEVNULL</c>).</summary>
    DevNull,

    /// <summary>For stderr only: the same place as stdout (asyncio's <c>STDOUT</c>).</summary>
    Stdout,
}
