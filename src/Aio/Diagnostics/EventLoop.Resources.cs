namespace Aio;

public sealed partial class EventLoop
{
    private HashSet<object>? _openResources;

    /// <summary>
    /// Remembers an open server, transport or process, in debug mode only, so that <see cref="Close"/> can report
    /// the ones nobody closed (asyncio's "unclosed transport" resource warnings).
    /// </summary>
    internal void TrackResource(object resource)
    {
        if (Debug)
        {
            (_openResources ??= new HashSet<object>(ReferenceEqualityComparer.Instance)).Add(resource);
        }
    }

    /// <summary>Forgets a resource once it is closed.</summary>
    internal void ForgetResource(object resource) => _openResources?.Remove(resource);

    private void ReportOpenResources()
    {
        if (_openResources is { Count: > 0 } open)
        {
            Report($"The loop closed with {open.Count} resource(s) still open: {string.Join(", ", open)}");
        }
    }
}
