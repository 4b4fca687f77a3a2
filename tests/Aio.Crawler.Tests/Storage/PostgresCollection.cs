namespace Aio.Crawler.Tests.Storage;

/// <summary>The tests that share one <see cref="PostgresServer"/> (each with databases of its own).</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "PostgreSQL server";
}
