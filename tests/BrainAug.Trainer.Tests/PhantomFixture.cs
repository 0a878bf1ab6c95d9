using BrainAug.Imaging.Phantom;

namespace BrainAug.Trainer.Tests;

/// <summary>A tiny real-looking dataset for training tests: 5 phantom cases, a 12-slice slab (z = 1..12 mm).</summary>
public sealed class PhantomFixture : IDisposable
{
    public PhantomFixture()
    {
        Root = Path.Combine(Path.GetTempPath(), "brainaug-trainer-tests", Guid.NewGuid().ToString("N"));
        PhantomGenerator.Generate(new PhantomOptions { OutputDirectory = Path.Combine(Root, "phantom"), Cases = 5, Seed = 3, Depth = 12 });
    }

    public string Root { get; }

    public string Dataset => Path.Combine(Root, "phantom");

    public string NewRunFolder() => Path.Combine(Root, "runs", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { }
    }
}

[CollectionDefinition(Name)]
public sealed class PhantomCollection : ICollectionFixture<PhantomFixture>
{
    public const string Name = "phantom";
}
