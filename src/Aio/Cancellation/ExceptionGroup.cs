namespace Aio;

/// <summary>
/// Several errors reported together, nesting preserved: Python's <c>ExceptionGroup</c> /
/// <c>BaseExceptionGroup</c>, as raised by <see cref="TaskGroup"/>.
/// </summary>
/// <remarks>
/// Python's <c>except* ValueError</c> reads in C# as
/// <c>catch (ExceptionGroup eg) when (eg.Contains&lt;ValueError&gt;())</c>, then <see cref="Split{TException}"/>
/// to handle the matching part and rethrow the rest.
/// </remarks>
public class ExceptionGroup : AggregateException
{
    /// <summary>Creates a group; <paramref name="message"/> is the group's own message.</summary>
    public ExceptionGroup(string message, IEnumerable<Exception> exceptions)
        : base(message, exceptions)
    {
        GroupMessage = message;
    }

    /// <summary>The group's message without the inner messages appended (Python's <c>eg.message</c>).</summary>
    public string GroupMessage { get; }

    /// <summary>The direct members of the group (Python's <c>eg.exceptions</c>).</summary>
    public IReadOnlyList<Exception> Exceptions => InnerExceptions;

    /// <summary>Whether any leaf of the group, at any depth, is a <typeparamref name="TException"/>.</summary>
    public bool Contains<TException>()
        where TException : Exception => Leaves().Any(e => e is TException);

    /// <summary>Every non-group exception in the group, depth first.</summary>
    public IEnumerable<Exception> Leaves()
    {
        foreach (var e in InnerExceptions)
        {
            if (e is ExceptionGroup g)
            {
                foreach (var leaf in g.Leaves())
                {
                    yield return leaf;
                }
            }
            else
            {
                yield return e;
            }
        }
    }

    /// <summary>
    /// Python's <c>eg.subgroup(condition)</c>: a group of the same shape holding only the leaves that match,
    /// or null when none does.
    /// </summary>
    public ExceptionGroup? Subgroup(Func<Exception, bool> condition)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return Split(condition).Match;
    }

    /// <summary>Python's <c>eg.split(TException)</c>: the matching part and the rest, each a group or null.</summary>
    public (ExceptionGroup? Match, ExceptionGroup? Remainder) Split<TException>()
        where TException : Exception => Split(e => e is TException);

    /// <summary>Python's <c>eg.split(condition)</c>: the matching part and the rest, each a group or null.</summary>
    public (ExceptionGroup? Match, ExceptionGroup? Remainder) Split(Func<Exception, bool> condition)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var match = new List<Exception>();
        var rest = new List<Exception>();
        foreach (var e in InnerExceptions)
        {
            if (e is ExceptionGroup g && !condition(g))
            {
                var (m, r) = g.Split(condition);
                if (m is not null)
                {
                    match.Add(m);
                }

                if (r is not null)
                {
                    rest.Add(r);
                }
            }
            else if (condition(e))
            {
                match.Add(e);
            }
            else
            {
                rest.Add(e);
            }
        }

        return (match.Count > 0 ? Derive(match) : null, rest.Count > 0 ? Derive(rest) : null);
    }

    /// <summary>Python's <c>eg.derive(excs)</c>: a group with this group's message over other exceptions.</summary>
    public virtual ExceptionGroup Derive(IEnumerable<Exception> exceptions) => new(GroupMessage, exceptions);
}
