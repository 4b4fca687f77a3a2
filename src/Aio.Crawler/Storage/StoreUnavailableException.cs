namespace Aio.Crawler.Storage;

/// <summary>
/// A store could not be opened: its server is down or refuses the credentials, its database is missing, its file
/// cannot be written. The message names the store (never a password) and the cause, ready for the command line.
/// </summary>
public sealed class StoreUnavailableException : Exception
{
    /// <summary>Wraps <paramref name="cause"/>, the error opening the store <paramref name="storeDescription"/>.</summary>
    public StoreUnavailableException(string storeDescription, Exception cause)
        : base($"Cannot open the store {storeDescription}: {DescribeCause(cause)}", cause)
    {
        StoreDescription = storeDescription;
    }

    /// <summary>The store's <see cref="ICrawlStore.Description"/>.</summary>
    public string StoreDescription { get; }

    // Drivers put the useful part ("Connection refused", "password authentication failed") in inner exceptions:
    // name each distinct message once, outermost first.
    private static string DescribeCause(Exception cause)
    {
        var messages = new List<string>();
        for (Exception? e = cause; e is not null; e = e.InnerException)
        {
            string message = e.Message.Trim().TrimEnd('.');
            if (message.Length > 0 && !messages.Any(m => m.Contains(message, StringComparison.Ordinal)))
                messages.Add(message);
        }
        return string.Join(": ", messages);
    }
}
