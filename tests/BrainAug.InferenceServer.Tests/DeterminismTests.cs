using BrainAug.Protos.V1;
using BrainAug.TestSupport;
using Grpc.Core;

namespace BrainAug.InferenceServer.Tests;

/// <summary>Sample i of seed s is the same whatever the batch size, the request split, or the server instance.</summary>
[Collection(ServerCollection.Name)]
public class DeterminismTests(ModelsFixture models)
{
    [Fact]
    public async Task GenerateTumour_SameSamplesWhateverTheRequestSplit()
    {
        var client = (await models.SharedServerAsync()).Client();

        var whole = await client.GenerateTumourAsync(new GenerateTumourRequest { Seed = 42, StartIndex = 10, Count = 12 });
        var parts = new List<byte>();
        foreach (var (start, count) in new[] { (10UL, 5), (15UL, 1), (16UL, 6) })
            parts.AddRange((await client.GenerateTumourAsync(new GenerateTumourRequest { Seed = 42, StartIndex = start, Count = count })).LabelMap.Data);

        Assert.Equal(whole.LabelMap.Data.ToByteArray(), parts.ToArray());
    }

    [Fact]
    public async Task GenerateTumour_SameSamplesOnAnotherServerWithOtherBatching()
    {
        var shared = (await models.SharedServerAsync()).Client();
        await using var other = await ServerProcess.StartAsync(models.NewRepository(copyModels: true), ["--max-batch-size", "1", "--max-queue-delay-ms", "0", "--threads", "1"]);

        var first = await shared.GenerateTumourAsync(new GenerateTumourRequest { Seed = 3, Count = 8 });
        var second = await other.Client().GenerateTumourAsync(new GenerateTumourRequest { Seed = 3, Count = 8 });

        Assert.Equal(first.LabelMap.Data.ToByteArray(), second.LabelMap.Data.ToByteArray());
    }

    [Fact]
    public async Task GenerateTumour_ConcurrentCallsMergedIntoBatches_SameSamples()
    {
        var server = await models.SharedServerAsync();
        var client = server.Client();
        var alone = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => client.GenerateTumourAsync(new GenerateTumourRequest { Seed = 11, StartIndex = (ulong)i, Count = 1 }).ResponseAsync));
        var before = BatchCount(await server.MetricsAsync());

        var together = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => client.GenerateTumourAsync(new GenerateTumourRequest { Seed = 11, StartIndex = (ulong)i, Count = 1 }).ResponseAsync));

        var runs = BatchCount(await server.MetricsAsync()) - before;
        Assert.True(runs < 16, $"16 concurrent calls took {runs} ONNX Runtime runs: nothing was batched");
        var reference = await client.GenerateTumourAsync(new GenerateTumourRequest { Seed = 11, Count = 16 });
        for (var i = 0; i < 16; i++)
        {
            Assert.Equal(reference.LabelMap.Data.Span.Slice(i * 1024, 1024).ToArray(), together[i].LabelMap.Data.ToByteArray());
            Assert.Equal(alone[i].LabelMap.Data.ToByteArray(), together[i].LabelMap.Data.ToByteArray());
        }
    }

    [Fact]
    public async Task GeneratePairs_SamePairsWhateverTheChunkSize()
    {
        var client = (await models.SharedServerAsync()).Client();
        var outline = Tensors.Float32(Tensors.Outline(32), 1, 1, 32, 32);

        async Task<byte[]> Images(int chunk) => [.. (await client.GeneratePairs(new GeneratePairsRequest { Seed = 8, Count = 10, ChunkSize = chunk, Outline = outline })
            .ResponseStream.ReadAllAsync().ToListAsync()).SelectMany(c => c.Image.Data)];

        Assert.Equal(await Images(10), await Images(3));
    }

    [Fact]
    public async Task RangeEndingAtTheLastIndex_SameSamplesOneByOneAndNoWrapToZero()
    {
        var client = (await models.SharedServerAsync()).Client();
        var outline = Tensors.Float32(Tensors.Outline(32), 1, 1, 32, 32);

        var whole = await client.GenerateTumourAsync(new GenerateTumourRequest { Seed = 9, StartIndex = ulong.MaxValue - 2, Count = 3 });
        var alone = new List<byte>();
        foreach (var index in new[] { ulong.MaxValue - 2, ulong.MaxValue - 1, ulong.MaxValue })
            alone.AddRange((await client.GenerateTumourAsync(new GenerateTumourRequest { Seed = 9, StartIndex = index, Count = 1 })).LabelMap.Data);
        var first = await client.GenerateTumourAsync(new GenerateTumourRequest { Seed = 9, StartIndex = 0, Count = 1 });
        var pairs = await client.GeneratePairs(new GeneratePairsRequest { Seed = 9, StartIndex = ulong.MaxValue - 3, Count = 4, ChunkSize = 3, Outline = outline })
            .ResponseStream.ReadAllAsync().ToListAsync();

        Assert.Equal(ulong.MaxValue - 2, whole.StartIndex);
        Assert.Equal(alone.ToArray(), whole.LabelMap.Data.ToByteArray());
        Assert.NotEqual(first.LabelMap.Data.ToByteArray(), whole.LabelMap.Data.Span[^first.LabelMap.Data.Length..].ToArray());
        Assert.Equal([ulong.MaxValue - 3, ulong.MaxValue], pairs.Select(p => p.StartIndex));
        Assert.Equal(4, pairs.Sum(p => p.LabelMap.Shape[0]));
    }

    [Fact]
    public async Task DifferentSeeds_DifferentTumours()
    {
        var client = (await models.SharedServerAsync()).Client();

        var a = await client.GenerateTumourAsync(new GenerateTumourRequest { Seed = 1, Count = 2 });
        var b = await client.GenerateTumourAsync(new GenerateTumourRequest { Seed = 2, Count = 2 });

        Assert.NotEqual(a.LabelMap.Data.ToByteArray(), b.LabelMap.Data.ToByteArray());
        Assert.NotEqual(a.LabelMap.Data.Span[..1024].ToArray(), a.LabelMap.Data.Span[1024..].ToArray());
    }

    private static double BatchCount(string metrics) => double.Parse(
        metrics.Split('\n').Single(l => l.StartsWith("brainaug_batch_size_count{model=\"tumour-generator\",version=\"1\"}", StringComparison.Ordinal)).Split(' ')[1],
        System.Globalization.CultureInfo.InvariantCulture);
}
