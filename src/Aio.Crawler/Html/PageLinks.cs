namespace Aio.Crawler.Html;

/// <summary>The raw link targets of one HTML page, before resolution against the page URL.</summary>
/// <param name="BaseHref">The href of the page's first <c>&lt;base href&gt;</c>, or null when it has none.</param>
/// <param name="Hrefs">
/// The raw href values of <c>&lt;a&gt;</c>, <c>&lt;area&gt;</c> and <c>&lt;link rel="next"&gt;</c> elements,
/// in document order.
/// </param>
public readonly record struct PageLinks(string? BaseHref, IReadOnlyList<string> Hrefs);
