using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Aio.Crawler.Tests.Storage;

/// <summary>
/// The PostgreSQL server the store tests use: the one <c>AIO_TEST_POSTGRES</c> names (a superuser's URI), or else a
/// throwaway cluster of its own on 127.0.0.1, created once per test run and deleted afterwards. Missing server
/// binaries fail the tests: a store nobody tested must not pass.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private const string ServerVariable = "AIO_TEST_POSTGRES";
    private const string BinariesPattern = "/usr/lib/postgresql/*/bin";
    private const string ServiceUser = "postgres";

    private readonly List<string> _databases = [];
    private string _adminUri = "";
    private string? _clusterDirectory;
    private string? _binDirectory;
    private int _databaseCount;

    /// <summary>Creates an empty database and returns its URI (as a superuser, without password on a private cluster).</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        string name = $"aio_test_{Environment.ProcessId}_{Interlocked.Increment(ref _databaseCount)}";
        await using (var connection = new NpgsqlConnection(ToConnectionString(_adminUri)))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
        }
        lock (_databases)
            _databases.Add(name);
        var builder = new UriBuilder(_adminUri) { Path = "/" + name };
        return builder.Uri.AbsoluteUri; // keeps a percent-encoded password encoded
    }

    public async Task InitializeAsync()
    {
        string? external = Environment.GetEnvironmentVariable(ServerVariable);
        if (!string.IsNullOrWhiteSpace(external))
        {
            _adminUri = external;
            return;
        }
        _binDirectory = FindBinaries();
        _clusterDirectory = Directory.CreateTempSubdirectory("aio-pg-").FullName;
        try
        {
            await StartClusterAsync();
        }
        catch
        {
            await DisposeAsync(); // xUnit does not dispose a fixture whose initialisation failed
            throw;
        }
    }

    private async Task StartClusterAsync()
    {
        string clusterDirectory = _clusterDirectory!;
        if (RunsAsRoot)
            await RunAsync("chown", [ServiceUser, clusterDirectory], asServiceUser: false);
        string data = Path.Combine(clusterDirectory, "data");
        await RunAsync(Path.Combine(_binDirectory!, "initdb"),
            ["-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions"]);
        int port = FreePort();
        // Only 127.0.0.1 and a socket in the cluster's own directory; durability is pointless for a throwaway cluster.
        string options = $"-c listen_addresses=127.0.0.1 -p {port} -k {clusterDirectory} " +
                         "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200";
        await RunAsync(Path.Combine(_binDirectory!, "pg_ctl"),
            ["-D", data, "-l", Path.Combine(clusterDirectory, "server.log"), "-o", options, "-w", "-t", "60", "start"]);
        _adminUri = $"postgresql://postgres@127.0.0.1:{port}/postgres";
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_clusterDirectory is null)
        {
            await DropDatabasesAsync();
            return;
        }
        try
        {
            if (File.Exists(Path.Combine(_clusterDirectory, "data", "postmaster.pid")))
            {
                await RunAsync(Path.Combine(_binDirectory!, "pg_ctl"),
                    ["-D", Path.Combine(_clusterDirectory, "data"), "-m", "immediate", "-w", "stop"]);
            }
        }
        finally
        {
            Directory.Delete(_clusterDirectory, recursive: true);
        }
    }

    // A shared server keeps nothing of the run; a private cluster goes away whole.
    private async Task DropDatabasesAsync()
    {
        await using var connection = new NpgsqlConnection(ToConnectionString(_adminUri));
        await connection.OpenAsync();
        foreach (string name in _databases)
        {
            await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection);
            await command.ExecuteNonQueryAsync();
        }
    }

    private static string ToConnectionString(string uri) =>
        Crawler.Storage.PostgresConnectionString.Parse(uri).ConnectionString;

    private static string FindBinaries()
    {
        string? found = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(version => Path.Combine(version, "bin"))
                .Where(bin => File.Exists(Path.Combine(bin, "initdb")) && File.Exists(Path.Combine(bin, "pg_ctl")))
                .OrderByDescending(bin => int.TryParse(Path.GetFileName(Path.GetDirectoryName(bin)), out int v) ? v : 0)
                .FirstOrDefault()
            : null;
        return found ?? throw new InvalidOperationException(
            $"The PostgreSQL store tests need a server: no initdb and pg_ctl in {BinariesPattern}. " +
            $"Install the 'postgresql' package, or set {ServerVariable} to a postgresql:// URI of a superuser.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    // PostgreSQL refuses to run as root: root runs its tools as the package's service user.
    private static bool RunsAsRoot => Environment.UserName == "root";

    private async Task RunAsync(string program, string[] arguments, bool asServiceUser = true)
    {
        var start = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = _clusterDirectory ?? Path.GetTempPath(),
        };
        if (asServiceUser && RunsAsRoot)
        {
            start.FileName = "runuser";
            foreach (string argument in (string[])["-u", ServiceUser, "--", program])
                start.ArgumentList.Add(argument);
        }
        else
        {
            start.FileName = program;
        }
        foreach (string argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{Path.GetFileName(program)} {string.Join(' ', arguments)} failed with exit code {process.ExitCode}:\n" +
                $"{await output}\n{await error}");
        }
    }
}
