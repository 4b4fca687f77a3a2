using Aio.Crawler.Storage;

namespace Aio.Crawler.Tests.Storage;

public class PostgresConnectionStringTests
{
    [Fact]
    public void A_full_uri_gives_every_setting_with_user_and_password_decoded()
    {
        var settings = PostgresConnectionString.Parse("postgresql://crawl%40er:p%3Ass%2Fw@db.example:6543/frontier");

        Assert.Equal(("db.example", 6543, "frontier"), (settings.Host, settings.Port, settings.Database));
        Assert.Equal(("crawl@er", "p:ss/w"), (settings.Username, settings.Password));
    }

    [Fact]
    public void Port_defaults_to_5432_and_database_to_the_user()
    {
        var settings = PostgresConnectionString.Parse("postgres://crawler@db.example");

        Assert.Equal((5432, "crawler", null), (settings.Port, settings.Database, settings.Password));
    }

    [Fact]
    public void Query_parameters_use_libpq_names()
    {
        var settings = PostgresConnectionString.Parse(
            "postgresql://u:p@[::1]:5433/d?sslmode=verify-full&application_name=worker%201&connect_timeout=7");

        Assert.Equal(("::1", 5433), (settings.Host, settings.Port));
        Assert.Equal(Npgsql.SslMode.VerifyFull, settings.SslMode);
        Assert.Equal(("worker 1", 7), (settings.ApplicationName, settings.Timeout));
    }

    [Fact]
    public void The_description_names_the_server_and_database_but_never_the_password()
    {
        var settings = PostgresConnectionString.Parse("postgresql://crawler:hunter2@db.example:6543/frontier");

        Assert.Equal("postgresql://crawler@db.example:6543/frontier", PostgresConnectionString.Describe(settings));
    }

    [Theory]
    [InlineData("mysql://u:secret@h/d")]
    [InlineData("postgresql://u:secret@/d")]
    [InlineData("postgresql://u:secret@h:port/d")]
    [InlineData("postgresql://u:secret@h/d?no_such_setting=1")]
    public void A_bad_uri_is_rejected_without_repeating_the_password(string uri)
    {
        var error = Assert.Throws<ArgumentException>(() => PostgresConnectionString.Parse(uri));

        Assert.StartsWith("Invalid PostgreSQL URI", error.Message);
        Assert.DoesNotContain("secret", error.Message);
    }
}
