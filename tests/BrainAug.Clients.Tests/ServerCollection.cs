using BrainAug.TestSupport;

namespace BrainAug.Clients.Tests;

/// <summary>The tests that share one set of tiny served models (xunit needs the definition in the test assembly).</summary>
[CollectionDefinition(Name)]
public sealed class ServerCollection : ICollectionFixture<ModelsFixture>
{
    public const string Name = "server";
}
