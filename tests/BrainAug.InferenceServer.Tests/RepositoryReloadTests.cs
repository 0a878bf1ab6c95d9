using System.Diagnostics;
using System.Text.Json.Nodes;
using BrainAug.Protos.Inference;
using BrainAug.Protos.V1;
using BrainAug.TestSupport;
using Grpc.Health.V1;

namespace BrainAug.InferenceServer.Tests;

/// <summary>Health transitions and the repository watcher: new, corrupt, incomplete and removed versions.</summary>
[Trait("Category", "Slow")]
[Collection(ServerCollection.Name)]
public class RepositoryReloadTests(ModelsFixture models)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task EmptyRepository_NotServingUntilAModelIsExported()
    {
        var repository = models.NewRepository(copyModels: false);
        await using var server = await ServerProcess.StartAsync(repository, waitForServing: false);

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.NotServing, await server.HealthAsync());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.NotServing, await server.HealthAsync("brainaug.v1.Inference"));
        models.Export("seg", repository);

        await server.WaitForHealthAsync(HealthCheckResponse.Types.ServingStatus.Serving, Patience);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, await server.HealthAsync("brainaug.v1.Inference"));
        Assert.Equal("seg-dnn", (await server.Client().ListModelsAsync(new ListModelsRequest())).Models.Single().Name);
    }

    [Fact]
    public async Task FirstServing_AlreadyFindsEveryModelOfTheRepository()
    {
        // Models load one after another at start-up; readiness must wait for the whole first scan, or a caller sent
        // in on the first SERVING meets NOT_FOUND for a model still loading (seen under load in CI).
        var repository = models.NewRepository(copyModels: true);
        // Twenty more models (copies of seg-dnn under other names) make the first scan long enough that a SERVING
        // given after the first loaded model would be seen while the rest still load.
        var seg = Directory.GetDirectories(Path.Combine(repository, "seg-dnn")).Single();
        for (var i = 0; i < 20; i++)
        {
            var copy = Path.Combine(repository, $"seg-copy-{i:D2}", Path.GetFileName(seg));
            Directory.CreateDirectory(copy);
            foreach (var file in Directory.GetFiles(seg)) File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
            var metadata = JsonNode.Parse(File.ReadAllText(Path.Combine(copy, "metadata.json")))!;
            metadata["model"] = $"seg-copy-{i:D2}";
            File.WriteAllText(Path.Combine(copy, "metadata.json"), metadata.ToJsonString());
        }
        await using var server = await ServerProcess.StartAsync(repository, waitForServing: false);
        var deadline = DateTime.UtcNow + Patience;
        while (await server.HealthAsync() != HealthCheckResponse.Types.ServingStatus.Serving)
            Assert.True(DateTime.UtcNow < deadline, $"not SERVING within {Patience.TotalSeconds} s:\n{server.Output}");
        var atFirstServing = await ListedAsync(server);
        Assert.True((await server.OpenInference().ServerReadyAsync(new ServerReadyRequest())).Ready);

        await Task.Delay(TimeSpan.FromSeconds(1)); // five more scans at --poll-seconds 0.2
        Assert.True(atFirstServing.Count >= 22, string.Join(", ", atFirstServing));
        Assert.Equal(await ListedAsync(server), atFirstServing);
    }

    private static async Task<List<string>> ListedAsync(ServerProcess server) =>
        [.. (await server.Client().ListModelsAsync(new ListModelsRequest())).Models.Select(m => $"{m.Name}/{m.Version}").Order(StringComparer.Ordinal)];

    [Fact]
    public async Task NewVersion_BecomesDefaultWithoutRestart_InFlightStreamStaysOnItsVersion()
    {
        var repository = models.NewRepository(copyModels: true);
        await using var server = await ServerProcess.StartAsync(repository);
        var client = server.Client();
        using var stream = client.GeneratePairs(new GeneratePairsRequest { Count = 200, ChunkSize = 1, Outline = Tensors.Float32(Tensors.Outline(32), 1, 1, 32, 32) });
        Assert.True(await stream.ResponseStream.MoveNext(CancellationToken.None));

        models.Export("tumour", repository, version: 2);
        await WaitUntil(async () => (await client.ListModelsAsync(new ListModelsRequest())).Models.Any(m => m is { Name: "tumour-generator", Version: 2, IsDefault: true }));

        var fresh = await client.GenerateTumourAsync(new GenerateTumourRequest { Count = 1 });
        Assert.Equal(2, fresh.Model.Version);
        var versions = new List<long> { stream.ResponseStream.Current.TumourModel.Version };
        while (await stream.ResponseStream.MoveNext(CancellationToken.None)) versions.Add(stream.ResponseStream.Current.TumourModel.Version);
        Assert.Equal(200, versions.Count);
        Assert.All(versions, v => Assert.Equal(1, v));
        var pinned = await client.GenerateTumourAsync(new GenerateTumourRequest { Model = new ModelRef { Name = "tumour-generator", Version = 1 }, Count = 1 });
        Assert.Equal(1, pinned.Model.Version);
    }

    [Fact]
    public async Task CorruptVersion_RefusedAndReported_PreviousKeepsServing_LoadedOnceRepaired()
    {
        var repository = models.NewRepository(copyModels: true);
        await using var server = await ServerProcess.StartAsync(repository);
        var version2 = CopyAsVersion2(repository, "seg-dnn");
        var onnx = Path.Combine(version2, "model.onnx");
        var good = await File.ReadAllBytesAsync(onnx);
        var bad = (byte[])good.Clone();
        bad[bad.Length / 2] ^= 0xFF;
        await File.WriteAllBytesAsync(onnx, bad);
        Directory.Move(version2, Path.Combine(repository, "seg-dnn", "2")); // appears complete at once, like the exporter's rename

        await WaitUntil(async () => (await server.Client().ListModelsAsync(new ListModelsRequest())).Refused.Count == 1);
        var listing = await server.Client().ListModelsAsync(new ListModelsRequest());
        var refused = listing.Refused.Single();
        Assert.Equal(("seg-dnn", "2"), (refused.Name, refused.Version));
        Assert.Contains("sha256 mismatch", refused.Reason);
        Assert.Equal(1, (await server.Client().SegmentAsync(new SegmentRequest { Image = Tensors.Images(1) })).Model.Version);
        Assert.Contains("brainaug_refused_versions 1", await server.MetricsAsync());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, await server.HealthAsync());

        await File.WriteAllBytesAsync(Path.Combine(repository, "seg-dnn", "2", "model.onnx"), good);
        await WaitUntil(async () => (await server.Client().SegmentAsync(new SegmentRequest { Image = Tensors.Images(1) })).Model.Version == 2);
        Assert.Empty((await server.Client().ListModelsAsync(new ListModelsRequest())).Refused);
    }

    [Fact]
    public async Task HalfWrittenVersions_NeverLoaded()
    {
        var repository = models.NewRepository(copyModels: true);
        await using var server = await ServerProcess.StartAsync(repository);
        // The exporter's staging folder (hidden) and a version folder whose metadata has not arrived yet.
        var staging = CopyAsVersion2(repository, "seg-dnn");
        Directory.Move(staging, Path.Combine(repository, "seg-dnn", ".staging-2-abc"));
        var partial = Directory.CreateDirectory(Path.Combine(repository, "seg-dnn", "3")).FullName;
        File.Copy(Path.Combine(repository, "seg-dnn", "1", "model.onnx"), Path.Combine(partial, "model.onnx"));

        await WaitUntil(async () => (await server.Client().ListModelsAsync(new ListModelsRequest())).Refused.Count == 1);
        var listing = await server.Client().ListModelsAsync(new ListModelsRequest());
        Assert.Equal([1L], listing.Models.Where(m => m.Name == "seg-dnn").Select(m => m.Version));
        Assert.Equal("3", listing.Refused.Single().Version);
        Assert.Contains("incomplete", listing.Refused.Single().Reason);
        Assert.Equal(1, (await server.Client().SegmentAsync(new SegmentRequest { Image = Tensors.Images(1) })).Model.Version);
    }

    [Fact]
    public async Task MetadataFromBeforeSchemaVersions_RefusedSayingExportAgain()
    {
        var repository = models.NewRepository(copyModels: true);
        await using var server = await ServerProcess.StartAsync(repository);
        // Version 2 as an exporter of before this schema wrote it: no schema_version, the network as a class name.
        var copy = CopyAsVersion2(repository, "seg-dnn", metadata =>
        {
            metadata.AsObject().Remove("schema_version");
            metadata["network"] = "UNet";
        });
        Directory.Move(copy, Path.Combine(repository, "seg-dnn", "2"));

        await WaitUntil(async () => (await server.Client().ListModelsAsync(new ListModelsRequest())).Refused.Count == 1);
        var listing = await server.Client().ListModelsAsync(new ListModelsRequest());
        Assert.Equal("2", listing.Refused.Single().Version);
        Assert.Contains("was written before schema versions", listing.Refused.Single().Reason);
        Assert.Contains("export the model again", listing.Refused.Single().Reason);
        Assert.Equal(1, (await server.Client().SegmentAsync(new SegmentRequest { Image = Tensors.Images(1) })).Model.Version);
    }

    [Fact]
    public async Task RemovedVersion_UnloadedAndDefaultFallsBack()
    {
        var repository = models.NewRepository(copyModels: true);
        await using var server = await ServerProcess.StartAsync(repository);
        models.Export("seg", repository, version: 2);
        await WaitUntil(async () => (await server.Client().SegmentAsync(new SegmentRequest { Image = Tensors.Images(1) })).Model.Version == 2);

        Directory.Delete(Path.Combine(repository, "seg-dnn", "2"), recursive: true);

        await WaitUntil(async () => (await server.Client().SegmentAsync(new SegmentRequest { Image = Tensors.Images(1) })).Model.Version == 1);
        Assert.Equal([1L], (await server.Client().ListModelsAsync(new ListModelsRequest())).Models.Where(m => m.Name == "seg-dnn").Select(m => m.Version));
    }

    /// <summary>A copy of version 1 whose metadata says version 2, in a hidden folder (the caller moves it into place).</summary>
    private static string CopyAsVersion2(string repository, string model, Action<JsonNode>? change = null)
    {
        var target = Directory.CreateDirectory(Path.Combine(repository, model, $".copy-{Guid.NewGuid():N}")).FullName;
        File.Copy(Path.Combine(repository, model, "1", "model.onnx"), Path.Combine(target, "model.onnx"));
        var metadata = JsonNode.Parse(File.ReadAllText(Path.Combine(repository, model, "1", "metadata.json")))!;
        metadata["version"] = 2;
        change?.Invoke(metadata);
        File.WriteAllText(Path.Combine(target, "metadata.json"), metadata.ToJsonString());
        return target;
    }

    private static async Task WaitUntil(Func<Task<bool>> condition)
    {
        var stopwatch = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(stopwatch.Elapsed < Patience, $"condition not met in {Patience.TotalSeconds} s");
            await Task.Delay(100);
        }
    }
}
