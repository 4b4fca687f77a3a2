namespace Aio.Crawler.Robots;

/// <summary>One Allow or Disallow line: a path pattern with <c>*</c> wildcards and an optional <c>$</c> end anchor.</summary>
internal sealed class RobotsRule
{
    private readonly string[] _pieces;
    private readonly bool _anchored;

    /// <summary>Builds a rule from a pattern already in canonical percent-encoding.</summary>
    public RobotsRule(string pattern, bool allow)
    {
        Pattern = pattern;
        Allow = allow;
        _anchored = pattern.EndsWith('$');
        _pieces = (_anchored ? pattern[..^1] : pattern).Split('*');
    }

    /// <summary>The normalised pattern; its length is the rule's priority.</summary>
    public string Pattern { get; }

    /// <summary>True for Allow, false for Disallow.</summary>
    public bool Allow { get; }

    /// <summary>True when the pattern matches <paramref name="path"/> (path and query) from its start.</summary>
    public bool Matches(ReadOnlySpan<char> path)
    {
        if (!path.StartsWith(_pieces[0], StringComparison.Ordinal))
        {
            return false;
        }

        if (_pieces.Length == 1)
        {
            return !_anchored || path.Length == _pieces[0].Length;
        }

        // Leftmost matching of the middle pieces is enough: any later match would leave less room.
        int position = _pieces[0].Length;
        int last = _pieces.Length - 1;
        for (int i = 1; i < last; i++)
        {
            int found = path[position..].IndexOf(_pieces[i], StringComparison.Ordinal);
            if (found < 0)
            {
                return false;
            }

            position += found + _pieces[i].Length;
        }

        string tail = _pieces[last];
        return _anchored
            ? path.Length - position >= tail.Length && path.EndsWith(tail, StringComparison.Ordinal)
            : path[position..].IndexOf(tail, StringComparison.Ordinal) >= 0;
    }
}
