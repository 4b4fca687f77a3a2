using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace Aio.Analyzers.CodeFixes;

/// <summary>The small syntax edits the fixes share.</summary>
internal static class Edits
{
    internal static async Task<Document> ReplaceAsync(Document document, SyntaxNode node, SyntaxNode replacement, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var annotated = replacement.WithTriviaFrom(node).WithAdditionalAnnotations(Formatter.Annotation);
        return await WithImportsAsync(document.WithSyntaxRoot(root!.ReplaceNode(node, annotated)), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Adds the usings that names from <see cref="TypeName"/> need, so they simplify to their short form.</summary>
    internal static async Task<Document> WithImportsAsync(Document document, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        return root!.GetAnnotatedNodes(Simplifier.AddImportsAnnotation).Any()
            ? await ImportAdder.AddImportsAsync(document, Simplifier.AddImportsAnnotation, cancellationToken: cancellationToken).ConfigureAwait(false)
            : document;
    }

    /// <summary><c>(await expression)</c>; the parentheses are dropped again where they are not needed.</summary>
    internal static ExpressionSyntax Awaited(ExpressionSyntax expression, bool parenthesize) =>
        parenthesize
            ? SyntaxFactory.ParenthesizedExpression(Await(expression)).WithAdditionalAnnotations(Simplifier.Annotation)
            : Await(expression);

    /// <summary>
    /// The type's short name where it is already in scope at <paramref name="position"/>; otherwise its full name,
    /// marked so that a using is added for it and the name then shortened.
    /// </summary>
    internal static TypeSyntax TypeName(string fullName, SemanticModel model, int position)
    {
        var shortName = fullName.Substring(fullName.LastIndexOf('.') + 1);
        var inScope = model.LookupNamespacesAndTypes(position, name: shortName)
            .Any(s => s is INamedTypeSymbol t && t.ToDisplayString() == fullName);
        return inScope
            ? SyntaxFactory.IdentifierName(shortName)
            : SyntaxFactory.ParseTypeName(fullName).WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);
    }

    private static AwaitExpressionSyntax Await(ExpressionSyntax expression) =>
        SyntaxFactory.AwaitExpression(expression.WithoutTrivia());
}
