namespace Aio.Crawler.Cli;

/// <summary>The process exit codes of <c>aio-crawl</c>.</summary>
public static class ExitCodes
{
    /// <summary>The command did what it was asked.</summary>
    public const int Ok = 0;
    /// <summary>Bad input: a malformed URL, option or pattern.</summary>
    public const int BadInput = 2;
    /// <summary>The store could not be opened or reached.</summary>
    public const int StoreUnavailable = 3;
    /// <summary>No seed could be fetched (unreachable, refused, timed out).</summary>
    public const int SeedsUnreachable = 4;
    /// <summary>Interrupted (Ctrl+C); finished work is saved and the crawl resumes when run again.</summary>
    public const int Interrupted = 130;
}
