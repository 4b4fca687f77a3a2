using System.Linq;
using Microsoft.CodeAnalysis;

namespace Aio.Analyzers;

/// <summary>Which types can be awaited, by C#'s own pattern (a <c>GetAwaiter()</c>, instance or extension).</summary>
internal static class Awaitables
{
    internal static bool IsAwaitable(ITypeSymbol? type, SemanticModel model, int position)
    {
        if (type is null || type.SpecialType == SpecialType.System_Void || type.TypeKind is TypeKind.Dynamic or TypeKind.Error)
        {
            return false;
        }

        if (IsTaskLike(type))
        {
            return true;
        }

        // Built-in types (int, bool, string…) have no GetAwaiter in practice: skip the lookup for the commonest results.
        if (type.SpecialType != SpecialType.None)
        {
            return false;
        }

        return model.LookupSymbols(position, type, "GetAwaiter", includeReducedExtensionMethods: true)
            .OfType<IMethodSymbol>()
            .Any(m => m.Parameters.Length == 0 && !m.ReturnsVoid && IsAwaiter(m.ReturnType));
    }

    /// <summary>Task, Task&lt;T&gt;, ValueTask, ValueTask&lt;T&gt;.</summary>
    internal static bool IsTaskLike(ITypeSymbol type) =>
        type is INamedTypeSymbol { Name: "Task" or "ValueTask" } named
        && named.ContainingNamespace?.ToDisplayString() == "System.Threading.Tasks";

    /// <summary>Whether <paramref name="type"/> is, or derives from, <paramref name="target"/> (compared by original definition).</summary>
    internal static bool IsOrDerivesFrom(ITypeSymbol? type, INamedTypeSymbol? target)
    {
        if (target is null)
        {
            return false;
        }

        for (var current = type; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, target))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsAwaiter(ITypeSymbol awaiter) =>
        awaiter.GetMembers("IsCompleted").OfType<IPropertySymbol>().Any()
        && awaiter.GetMembers("GetResult").OfType<IMethodSymbol>().Any(m => m.Parameters.Length == 0);
}
