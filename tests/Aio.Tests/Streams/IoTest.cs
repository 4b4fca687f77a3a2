using System.Net;
using System.Text;
using static Aio.Asyncio;

namespace Aio.Tests.Streams;

/// <summary>Runs an I/O scenario on a fresh loop with a generous hang guard (never a timing assertion).</summary>
internal static class IoTest
{
    internal const double HangGuard = 60;

    internal static void RunIo(Func<Task> body) => Run(() => Timeout(HangGuard, body));

    internal static T RunIo<T>(Func<Task<T>> body) => Run(() => Timeout(HangGuard, body));

    internal static int PortOf(Server server) => ((IPEndPoint)server.Sockets[0].LocalEndPoint!).Port;

    internal static byte[] B(string s) => Encoding.ASCII.GetBytes(s);

    internal static string S(byte[] b) => Encoding.ASCII.GetString(b);

    internal static string TempSocketPath() =>
        Path.Combine(Path.GetTempPath(), $"aio-{Environment.ProcessId}-{Guid.NewGuid():N}"[..40] + ".sock");
}
