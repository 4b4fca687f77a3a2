using System.Text;

namespace Aio;

/// <summary>
/// A printable tree of a loop's tasks: each task with its state and what it is waiting on, under the task or
/// task group that started it (the idea of asyncio 3.14's <c>pstree</c> and Kotlin's <c>DebugProbes.printJob</c>).
/// </summary>
public static class TaskTree
{
    /// <summary>Formats the tree of <paramref name="loop"/>'s pending tasks; loop thread only.</summary>
    public static string Format(EventLoop loop)
    {
        ArgumentNullException.ThrowIfNull(loop);
        loop.CheckThread();
        var tasks = loop.AllTasks();
        var pending = new HashSet<AioTask>(tasks);
        var children = new Dictionary<object, List<AioTask>>(ReferenceEqualityComparer.Instance);
        var roots = new List<AioTask>();
        foreach (var t in tasks)
        {
            var parent = t.Parent is TaskGroup g ? GroupOwner(g, pending) : t.Parent as AioTask;
            if (parent is not null && pending.Contains(parent))
            {
                (children.TryGetValue(parent, out var list) ? list : children[parent] = new()).Add(t);
            }
            else
            {
                roots.Add(t);
            }
        }

        var sb = new StringBuilder();
        sb.Append(loop).Append(": ").Append(tasks.Count).AppendLine(" pending task(s)");
        foreach (var r in roots.OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            Append(sb, r, children, 1);
        }

        return sb.ToString();
    }

    /// <summary>
    /// Writes the tree to the loop's logger (standard error when unset) whenever <paramref name="signal"/> arrives
    /// (e.g. SIGQUIT: <c>kill -QUIT pid</c>), for a look inside a running program.
    /// </summary>
    public static void DumpOnSignal(EventLoop loop, System.Runtime.InteropServices.PosixSignal signal)
    {
        ArgumentNullException.ThrowIfNull(loop);
        loop.AddSignalHandler(signal, () => loop.Report(Format(loop)));
    }

    private static AioTask? GroupOwner(TaskGroup g, HashSet<AioTask> pending) => g.Owner is { } o && pending.Contains(o) ? o : null;

    private static void Append(StringBuilder sb, AioTask t, Dictionary<object, List<AioTask>> children, int depth)
    {
        sb.Append(' ', depth * 2).Append("└ ").Append(t.Name);
        if (t.Parent is TaskGroup)
        {
            sb.Append(" (in a task group)");
        }

        var waits = t.DescribeWaits().ToList();
        sb.Append(waits.Count == 0 ? (t.Started ? " [ready]" : " [not started]") : $" [waiting: {string.Join(", ", waits)}]");
        sb.AppendLine();
        if (children.TryGetValue(t, out var kids))
        {
            foreach (var k in kids.OrderBy(k => k.Name, StringComparer.Ordinal))
            {
                Append(sb, k, children, depth + 1);
            }
        }
    }
}
