using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using static Aio.Asyncio;
using static Aio.Tests.Streams.IoTest;

namespace Aio.Tests.Streams;

public class TlsTests
{
    private static readonly Lazy<X509Certificate2> s_cert = new(CreateCertificate);

    private static X509Certificate2 CreateCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        request.CertificateExtensions.Add(san.Build());
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(cert.Export(X509ContentType.Pfx), null);
    }

    internal static SslServerAuthenticationOptions ServerOptions() => new() { ServerCertificate = s_cert.Value };

    internal static SslClientAuthenticationOptions TrustingClient() => new()
    {
        TargetHost = "localhost",
        RemoteCertificateValidationCallback = (_, cert, _, _) => cert is not null && cert.GetCertHashString() == s_cert.Value.GetCertHashString(),
    };

    private static Task<Server> EchoLineServer(SslServerAuthenticationOptions? ssl) => StartServer(
        async (r, w) =>
        {
            var line = await r.ReadLineAsync();
            w.Write(line);
            await w.DrainAsync();
        },
        "127.0.0.1",
        0,
        ssl: ssl);

    [Fact]
    public void Tls_client_and_server_exchange_data_and_expose_tls_details()
    {
        var got = RunIo(async () =>
        {
            await using var server = await EchoLineServer(ServerOptions());
            var (r, w) = await OpenConnection("127.0.0.1", PortOf(server), ssl: TrustingClient());
            Assert.IsType<SslStream>(w.GetExtraInfo("ssl_object"));
            Assert.NotNull(w.GetExtraInfo("peercert"));
            Assert.False(w.CanWriteEof());
            Assert.Throws<NotSupportedException>(() => w.WriteEof());
            w.Write(B("secret\n"));
            var line = S(await r.ReadLineAsync());
            Assert.Empty(await r.ReadAsync());
            await w.DisposeAsync();
            return line;
        });
        Assert.Equal("secret\n", got);
    }

    [Fact]
    public void Tls_handshake_failure_raises_authentication_error_and_server_keeps_serving()
    {
        RunIo(async () =>
        {
            await using var server = await EchoLineServer(ServerOptions());
            var rejecting = new SslClientAuthenticationOptions { TargetHost = "localhost", RemoteCertificateValidationCallback = (_, _, _, _) => false };
            await Assert.ThrowsAsync<AuthenticationException>(async () => await OpenConnection("127.0.0.1", PortOf(server), ssl: rejecting));
            var (r, w) = await OpenConnection("127.0.0.1", PortOf(server), ssl: TrustingClient());
            w.Write(B("after\n"));
            Assert.Equal("after\n", S(await r.ReadLineAsync()));
            await w.DisposeAsync();
        });
    }

    [Fact]
    public void Tls_client_against_plain_server_fails_without_hanging()
    {
        RunIo(async () =>
        {
            await using var server = await StartServer(
                async (r, w) =>
                {
                    await r.ReadAsync(1);
                    w.Write(B("HTTP/1.0 400 Bad\r\n\r\n"));
                    await w.DrainAsync();
                },
                "127.0.0.1",
                0);
            var e = await Record.ExceptionAsync(async () => await OpenConnection("127.0.0.1", PortOf(server), ssl: TrustingClient()));
            Assert.True(e is AuthenticationException or IOException, $"unexpected {e}");
        });
    }

    [Fact]
    public void A_handshake_with_a_silent_peer_is_cancelled_by_a_timeout_scope()
    {
        RunIo(async () =>
        {
            var release = new Future<bool>();
            await using var server = await StartServer(async (_, _) => await release, "127.0.0.1", 0);
            await Assert.ThrowsAsync<TimeoutException>(() => Timeout(0.2, async () =>
            {
                await OpenConnection("127.0.0.1", PortOf(server), ssl: TrustingClient());
            }));
            release.SetResult(true);
        });
    }

    [Fact]
    public void Start_tls_upgrades_an_open_connection_on_both_sides()
    {
        var got = RunIo(async () =>
        {
            await using var server = await StartServer(
                async (r, w) =>
                {
                    Assert.Equal("STARTTLS\n", S(await r.ReadLineAsync()));
                    w.Write(B("OK\n"));
                    await w.DrainAsync();
                    await w.StartTlsAsync(ServerOptions());
                    var line = await r.ReadLineAsync();
                    w.Write(B("tls:" + S(line)));
                    await w.DrainAsync();
                },
                "127.0.0.1",
                0);
            var (r, w) = await OpenConnection("127.0.0.1", PortOf(server));
            w.Write(B("STARTTLS\n"));
            Assert.Equal("OK\n", S(await r.ReadLineAsync()));
            await w.StartTlsAsync(TrustingClient());
            Assert.IsType<SslStream>(w.GetExtraInfo("ssl_object"));
            w.Write(B("hello\n"));
            var answer = S(await r.ReadLineAsync());
            await w.DisposeAsync();
            return answer;
        });
        Assert.Equal("tls:hello\n", got);
    }

    [Fact]
    public void Large_messages_echoed_over_tls_arrive_intact()
    {
        // TLS receives stay outstanding while the reader is read from: the region lent to them must not move.
        var mismatches = RunIo(async () =>
        {
            await using var server = await StartServer(StreamReaderLendingTests.EchoReadsOf(100 * 1024), "127.0.0.1", 0, ssl: ServerOptions());
            var (r, w) = await OpenConnection("127.0.0.1", PortOf(server), ssl: TrustingClient());
            return await StreamReaderLendingTests.EchoMessagesAsync(r, w, 100 * 1024, 20, readChunk: 7000);
        });
        Assert.Equal(0, mismatches);
    }
}
