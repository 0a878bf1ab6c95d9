using System.Diagnostics;
using BrainAug.Protos.V1;
using BrainAug.TestSupport;

namespace BrainAug.InferenceServer.Tests;

/// <summary>The batch queue: a lone caller never waits for company, concurrent callers are still merged.</summary>
[Collection(ServerCollection.Name)]
public class BatchingTests(ModelsFixture models)
{
    [Fact]
    public async Task LoneCallerDoesNotWaitTheQueueDelay_ConcurrentCallersAreStillMerged()
    {
        // A one-second delay: five one-at-a-time calls that each waited it would take five seconds or more.
        await using var server = await ServerProcess.StartAsync(models.NewRepository(copyModels: true), ["--max-queue-delay-ms", "1000"]);
        var client = server.Client();
        await client.SegmentAsync(new SegmentRequest { Image = Tensors.Images(1) }); // warm-up
        await client.SegmentAsync(new SegmentRequest { Image = Tensors.Images(1) });

        var clock = Stopwatch.StartNew();
        for (var i = 0; i < 5; i++) await client.SegmentAsync(new SegmentRequest { Image = Tensors.Images(1, seed: i) });
        var lone = clock.Elapsed;
        var before = Runs(await server.MetricsAsync());
        await Task.WhenAll(Enumerable.Range(0, 8).Select(i => client.SegmentAsync(new SegmentRequest { Image = Tensors.Images(1, seed: i) }).ResponseAsync));
        await Task.WhenAll(Enumerable.Range(0, 8).Select(i => client.SegmentAsync(new SegmentRequest { Image = Tensors.Images(1, seed: i) }).ResponseAsync));
        var runs = Runs(await server.MetricsAsync()) - before;

        Assert.True(lone < TimeSpan.FromSeconds(4), $"five lone calls took {lone.TotalSeconds:F1} s: they waited for company");
        Assert.True(runs < 16, $"16 concurrent calls took {runs} ONNX Runtime runs: nothing was batched");
    }

    private static double Runs(string metrics) => double.Parse(
        metrics.Split('\n').Single(l => l.StartsWith("brainaug_batch_size_count{model=\"seg-dnn\",version=\"1\"}", StringComparison.Ordinal)).Split(' ')[1],
        System.Globalization.CultureInfo.InvariantCulture);
}
