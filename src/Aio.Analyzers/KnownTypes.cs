using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Aio.Analyzers;

/// <summary>The types the rules recognise, resolved once per compilation (null when not referenced).</summary>
internal sealed class KnownTypes
{
    private static readonly string[] BlockingIoTypeNames =
    {
        "System.IO.File",
        "System.IO.Stream",
        "System.IO.TextReader",
        "System.Net.Sockets.Socket",
        "System.Net.Sockets.TcpClient",
        "System.Net.Sockets.TcpListener",
        "System.Net.Sockets.UdpClient",
        "System.Net.Dns",
        "System.Net.Http.HttpClient",
        "System.Diagnostics.Process",
        "System.Threading.SemaphoreSlim",
    };

    // TextWriter is left out on purpose: its writes buffer, and in practice go to the console or a log.
    // In-memory streams and readers have async twins too, but their synchronous calls never wait.
    private static readonly string[] InMemoryTypeNames =
    {
        "System.IO.MemoryStream",
        "System.IO.UnmanagedMemoryStream",
        "System.IO.StringReader",
        "System.IO.StringWriter",
    };

    internal KnownTypes(Compilation compilation)
    {
        Thread = compilation.GetTypeByMetadataName("System.Threading.Thread");
        Monitor = compilation.GetTypeByMetadataName("System.Threading.Monitor");
        Console = compilation.GetTypeByMetadataName("System.Console");
        Task = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task");
        TaskOfT = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task`1");
        ValueTaskOfT = compilation.GetTypeByMetadataName("System.Threading.Tasks.ValueTask`1");
        ConfigureAwaitOptions = compilation.GetTypeByMetadataName("System.Threading.Tasks.ConfigureAwaitOptions");
        OperationCanceledException = compilation.GetTypeByMetadataName("System.OperationCanceledException");
        CancelledError = compilation.GetTypeByMetadataName("Aio.CancelledError");
        TaskGroup = compilation.GetTypeByMetadataName("Aio.TaskGroup");
        Asyncio = compilation.GetTypeByMetadataName("Aio.Asyncio");
        BlockingIo = Resolve(compilation, BlockingIoTypeNames);
        InMemory = Resolve(compilation, InMemoryTypeNames);
    }

    internal INamedTypeSymbol? Thread { get; }

    internal INamedTypeSymbol? Monitor { get; }

    internal INamedTypeSymbol? Console { get; }

    internal INamedTypeSymbol? Task { get; }

    internal INamedTypeSymbol? TaskOfT { get; }

    internal INamedTypeSymbol? ValueTaskOfT { get; }

    internal INamedTypeSymbol? ConfigureAwaitOptions { get; }

    internal INamedTypeSymbol? OperationCanceledException { get; }

    /// <summary>Aio's <c>CancelledError</c>; null in a project that does not reference Aio.</summary>
    internal INamedTypeSymbol? CancelledError { get; }

    internal INamedTypeSymbol? TaskGroup { get; }

    internal INamedTypeSymbol? Asyncio { get; }

    /// <summary>Types whose synchronous members wait on I/O, a process or a semaphore, and have async twins.</summary>
    internal ImmutableArray<INamedTypeSymbol> BlockingIo { get; }

    internal ImmutableArray<INamedTypeSymbol> InMemory { get; }

    /// <summary>The exception a cancelled Aio wait raises: CancelledError where Aio is referenced, else OperationCanceledException.</summary>
    internal INamedTypeSymbol? Cancellation => CancelledError ?? OperationCanceledException;

    internal static bool Is(ITypeSymbol? type, INamedTypeSymbol? known) =>
        known is not null && type is not null && SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, known);

    private static ImmutableArray<INamedTypeSymbol> Resolve(Compilation compilation, string[] names) =>
        names.Select(compilation.GetTypeByMetadataName).Where(t => t is not null).Select(t => t!).ToImmutableArray();
}
