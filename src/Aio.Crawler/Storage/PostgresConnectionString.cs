using Npgsql;

namespace Aio.Crawler.Storage;

/// <summary>
/// Reads the libpq-style URIs users pass on the command line
/// (<c>postgresql://user:password@host:port/database?sslmode=require</c>, or <c>postgres://…</c>) into Npgsql
/// connection settings, and describes them without the password.
/// </summary>
public static class PostgresConnectionString
{
    /// <summary>The port PostgreSQL listens on when the URI names none.</summary>
    public const int DefaultPort = 5432;

    private const string Expected = "expected postgresql://user:password@host:port/database";

    /// <summary>
    /// Converts <paramref name="uri"/> into connection settings: user and password percent-decoded, port 5432 when
    /// missing, database the user's name when missing, query parameters (<c>sslmode</c>, <c>application_name</c>,
    /// <c>connect_timeout</c>, or any Npgsql keyword) applied.
    /// </summary>
    /// <exception cref="ArgumentException">The URI is not a PostgreSQL URI; the message never repeats it, as it may hold a password.</exception>
    public static NpgsqlConnectionStringBuilder Parse(string uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        string rest = StripScheme(uri);
        string query = "";
        int queryStart = rest.IndexOf('?');
        if (queryStart >= 0)
        {
            query = rest[(queryStart + 1)..];
            rest = rest[..queryStart];
        }
        int pathStart = rest.IndexOf('/');
        string authority = pathStart < 0 ? rest : rest[..pathStart];
        string database = pathStart < 0 ? "" : Decode(rest[(pathStart + 1)..]);

        string hosts = authority;
        string user = "";
        string? password = null;
        int at = authority.LastIndexOf('@');
        if (at >= 0)
        {
            hosts = authority[(at + 1)..];
            string userInfo = authority[..at];
            int colon = userInfo.IndexOf(':');
            user = Decode(colon < 0 ? userInfo : userInfo[..colon]);
            password = colon < 0 ? null : Decode(userInfo[(colon + 1)..]);
        }
        if (hosts.Length == 0)
            throw Invalid("it names no host");
        if (user.Length == 0)
            throw Invalid("it names no user");

        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = Decode(hosts),
            Port = DefaultPort,
            Username = user,
            Password = password,
            Database = database.Length == 0 ? user : database,
            ApplicationName = "aio-crawl",
        };
        ApplyHostPort(builder);
        ApplyQuery(builder, query);
        return builder;
    }

    /// <summary>
    /// <c>postgresql://user@host:port/database</c> for messages: everything that says where the store is, never the
    /// password.
    /// </summary>
    public static string Describe(NpgsqlConnectionStringBuilder settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        string hosts = settings.Host ?? "";
        string authority = hosts.Contains(',') ? hosts : $"{hosts}:{settings.Port}";
        return $"postgresql://{settings.Username}@{authority}/{settings.Database}";
    }

    private static string StripScheme(string uri)
    {
        foreach (string scheme in (string[])["postgresql://", "postgres://"])
        {
            if (uri.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
                return uri[scheme.Length..];
        }
        throw Invalid("it does not start with postgresql:// or postgres://");
    }

    // A single host may carry its port (host:5433, [::1]:5433); several hosts keep theirs in the host list,
    // which Npgsql reads as host:port pairs.
    private static void ApplyHostPort(NpgsqlConnectionStringBuilder builder)
    {
        string host = builder.Host!;
        if (host.Contains(','))
            return;
        int portStart = host.StartsWith('[') ? host.IndexOf("]:", StringComparison.Ordinal) + 1 : host.LastIndexOf(':');
        if (portStart > 0)
        {
            if (!int.TryParse(host[(portStart + 1)..], out int port) || port is <= 0 or > 65535)
                throw Invalid("its port is not a number from 1 to 65535");
            builder.Port = port;
            host = host[..portStart];
        }
        builder.Host = host.TrimStart('[').TrimEnd(']');
    }

    private static void ApplyQuery(NpgsqlConnectionStringBuilder builder, string query)
    {
        foreach (string pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            int equals = pair.IndexOf('=');
            string key = Decode(equals < 0 ? pair : pair[..equals]);
            string value = equals < 0 ? "" : Decode(pair[(equals + 1)..]);
            string keyword = key.ToLowerInvariant() switch
            {
                "sslmode" => "SSL Mode",
                "application_name" => "Application Name",
                "connect_timeout" => "Timeout",
                "options" => "Options",
                "target_session_attrs" => "Target Session Attributes",
                _ => key,
            };
            if (keyword == "SSL Mode")
                value = value.Replace("-", "", StringComparison.Ordinal); // libpq's verify-full is Npgsql's VerifyFull
            try
            {
                builder[keyword] = value;
            }
            catch (Exception e) when (e is ArgumentException or FormatException)
            {
                throw Invalid($"its parameter '{key}' is not understood ({e.Message})");
            }
        }
    }

    private static string Decode(string text) => Uri.UnescapeDataString(text);

    private static ArgumentException Invalid(string why) => new($"Invalid PostgreSQL URI: {why}; {Expected}.");
}
