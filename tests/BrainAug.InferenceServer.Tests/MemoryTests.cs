using BrainAug.Protos.V1;
using BrainAug.TestSupport;
using Xunit.Abstractions;

namespace BrainAug.InferenceServer.Tests;

/// <summary>The server does not leak: 10,000 Segment calls leave its resident memory within 15% of where it was after 1,000.</summary>
[Trait("Category", "Slow")]
[Collection(ServerCollection.Name)]
public class MemoryTests(ModelsFixture models, ITestOutputHelper output)
{
    [Fact]
    public async Task TenThousandSegmentCalls_ResidentMemoryWithin15PercentOfAfterTheFirstThousand()
    {
        await using var server = await ServerProcess.StartAsync(models.NewRepository(copyModels: true));
        var client = server.Client();
        var request = new SegmentRequest { Image = Tensors.Images(1), Threshold = 0.5f };

        async Task Calls(int count) => await Task.WhenAll(Enumerable.Range(0, 8).Select(async worker =>
        {
            for (var i = worker; i < count; i += 8) await client.SegmentAsync(request);
        }));

        await Calls(1_000);
        var afterFirstThousand = server.ResidentBytes();
        await Calls(9_000);
        var afterTenThousand = server.ResidentBytes();

        var growth = (double)afterTenThousand / afterFirstThousand - 1;
        output.WriteLine($"resident memory: {afterFirstThousand >> 20} MiB after 1,000 calls, {afterTenThousand >> 20} MiB after 10,000 ({growth:+0.0%;-0.0%})");
        Assert.True(growth < 0.15, $"resident memory grew {growth:P1}: {afterFirstThousand >> 20} MiB after 1,000 calls, {afterTenThousand >> 20} MiB after 10,000");
        Assert.Matches("brainaug_requests_total\\{rpc=\"Segment\",model=\"seg-dnn\",version=\"1\"\\} 10000", await server.MetricsAsync());
    }
}
