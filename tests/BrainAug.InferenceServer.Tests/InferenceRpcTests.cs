using System.Security.Cryptography;
using System.Text.Json;
using BrainAug.Protos.V1;
using BrainAug.TestSupport;
using Grpc.Core;
using Grpc.Reflection.V1Alpha;

namespace BrainAug.InferenceServer.Tests;

/// <summary>Every rpc of the real server, through the generated client, on the tiny test models.</summary>
[Collection(ServerCollection.Name)]
public class InferenceRpcTests(ModelsFixture models)
{
    [Fact]
    public async Task GenerateTumour_ReturnsLabelMapsAndTheirMasks()
    {
        var server = await models.SharedServerAsync();

        var response = await server.Client().GenerateTumourAsync(new GenerateTumourRequest { Seed = 7, StartIndex = 3, Count = 5 });

        Assert.Equal([5L, 1, 16, 16], response.LabelMap.Shape);
        Assert.Equal([5L, 1, 16, 16], response.Mask.Shape);
        Assert.Equal(DataType.Uint8, response.Mask.Dtype);
        Assert.Equal(3UL, response.StartIndex);
        Assert.Equal(("tumour-generator", 1L, "CPU"), (response.Model.Name, response.Model.Version, response.Model.Provider));
        var labels = Tensors.Floats(response.LabelMap);
        Assert.All(labels, v => Assert.InRange(v, -1f, 1f));
        Assert.Equal(labels.Select(v => v > 0 ? (byte)1 : (byte)0), response.Mask.Data.ToByteArray());
    }

    [Fact]
    public async Task GenerateBrain_ReturnsOneSlicePerCondition()
    {
        var server = await models.SharedServerAsync();

        var response = await server.Client().GenerateBrainAsync(new GenerateBrainRequest { Condition = Tensors.Conditions(3) });

        Assert.Equal([3L, 1, 32, 32], response.Image.Shape);
        var image = Tensors.Floats(response.Image);
        Assert.All(image, v => Assert.InRange(v, -1f, 1f));
        Assert.NotEqual(image.AsSpan(0, 1024).ToArray(), image.AsSpan(1024, 1024).ToArray()); // different tumours, different slices
    }

    [Fact]
    public async Task Segment_ProbabilitiesAndMaskAtThreshold()
    {
        var server = await models.SharedServerAsync();

        var response = await server.Client().SegmentAsync(new SegmentRequest { Image = Tensors.Images(4), Threshold = 0.5f });

        Assert.Equal([4L, 1, 32, 32], response.Probability.Shape);
        Assert.Equal([4L, 1, 32, 32], response.Mask.Shape);
        var probability = Tensors.Floats(response.Probability);
        Assert.All(probability, p => Assert.InRange(p, 0f, 1f));
        Assert.Equal(probability.Select(p => p >= 0.5f ? (byte)1 : (byte)0), response.Mask.Data.ToByteArray());
    }

    [Fact]
    public async Task Segment_RegionsModel_SigmoidPerRegionAndInnermostRegionAsLabel()
    {
        var server = await models.RegionsServerAsync();

        var response = await server.Client().SegmentAsync(new SegmentRequest { Image = Tensors.Images(3, channels: 4), Threshold = 0.5f });

        Assert.Equal([3L, 3, 32, 32], response.Probability.Shape); // WT, TC, ET
        Assert.Equal([3L, 1, 32, 32], response.Mask.Shape);
        var probability = Tensors.Floats(response.Probability);
        Assert.All(probability, p => Assert.InRange(p, 0f, 1f));
        var mask = response.Mask.Data.ToByteArray();
        const int pixels = 32 * 32;
        for (var i = 0; i < mask.Length; i++)
        {
            var (sample, pixel) = (i / pixels, i % pixels);
            bool In(int region) => probability[(sample * 3 + region) * pixels + pixel] >= 0.5f;
            byte expected = In(2) ? (byte)3 : In(1) ? (byte)1 : In(0) ? (byte)2 : (byte)0; // ET enhancing, TC core, WT edema
            Assert.Equal(expected, mask[i]);
        }
        var metadata = await server.Client().ListModelsAsync(new ListModelsRequest());
        Assert.Contains(metadata.Models, m => m.Name == "seg-dnn" && m.MetadataJson.Contains("\"regions\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task GenerateTumour_RegionsModel_ThreeLabelChannels()
    {
        var server = await models.RegionsServerAsync();

        var response = await server.Client().GenerateTumourAsync(new GenerateTumourRequest { Seed = 2, Count = 4 });

        Assert.Equal([4L, 3, 16, 16], response.LabelMap.Shape); // core, edema, enhancing
        Assert.Equal(Tensors.Floats(response.LabelMap).Select(v => v > 0 ? (byte)1 : (byte)0), response.Mask.Data.ToByteArray());
    }

    [Fact]
    public async Task Segment_OmitProbability_OnlyMask()
    {
        var server = await models.SharedServerAsync();

        var response = await server.Client().SegmentAsync(new SegmentRequest { Image = Tensors.Images(1), Threshold = 0.3f, OmitProbability = true });

        Assert.Null(response.Probability);
        Assert.Equal(1024, response.Mask.Data.Length);
    }

    [Fact]
    public async Task GeneratePairs_StreamsExactlyCountPairsInChunks()
    {
        var server = await models.SharedServerAsync();
        var request = new GeneratePairsRequest { Seed = 5, StartIndex = 100, Count = 11, ChunkSize = 4, Outline = Tensors.Float32(Tensors.Outline(32), 1, 1, 32, 32) };

        var chunks = new List<PairChunk>();
        using var call = server.Client().GeneratePairs(request);
        await foreach (var chunk in call.ResponseStream.ReadAllAsync()) chunks.Add(chunk);

        Assert.Equal([4L, 4, 3], chunks.Select(c => c.Image.Shape[0]));
        Assert.Equal([100UL, 104, 108], chunks.Select(c => c.StartIndex));
        Assert.All(chunks, c => Assert.Equal([c.Image.Shape[0], 1, 32, 32], c.LabelMap.Shape));
        Assert.All(chunks, c => Assert.Equal(("tumour-generator", "brain-generator"), (c.TumourModel.Name, c.BrainModel.Name)));
    }

    [Fact]
    public async Task GeneratePairs_LabelsAreTheTumoursOfGenerateTumour()
    {
        var server = await models.SharedServerAsync();
        var pairs = server.Client().GeneratePairs(new GeneratePairsRequest { Seed = 9, Count = 2, Outline = Tensors.Float32(Tensors.Outline(32), 1, 1, 32, 32) });
        var chunk = await pairs.ResponseStream.ReadAllAsync().SingleAsync();

        var tumours = await server.Client().GenerateTumourAsync(new GenerateTumourRequest { Seed = 9, Count = 2 });

        // The 16x16 masks resized by nearest neighbour to 32x32: every 2x2 block repeats one mask pixel.
        var mask = tumours.Mask.Data.ToByteArray();
        var labels = chunk.LabelMap.Data.ToByteArray();
        for (var n = 0; n < 2; n++)
            for (var y = 0; y < 32; y++)
                for (var x = 0; x < 32; x++)
                    Assert.Equal(mask[n * 256 + y / 2 * 16 + x / 2], labels[n * 1024 + y * 32 + x]);
    }

    [Fact]
    public async Task ListModels_NamesVersionsShapesProviderAndHashes()
    {
        var server = await models.SharedServerAsync();

        var response = await server.Client().ListModelsAsync(new ListModelsRequest());

        Assert.Equal(["brain-generator", "seg-dnn", "tumour-generator"], response.Models.Select(m => m.Name));
        Assert.All(response.Models, m => Assert.True(m.IsDefault && m.Version == 1 && m.Provider == "CPU"));
        var seg = response.Models.Single(m => m.Name == "seg-dnn");
        Assert.Equal([-1L, 1, 32, 32], seg.Inputs.Single().Shape);
        Assert.Equal(["logits", "probability", "features"], seg.Outputs.Select(o => o.Name));
        var onnx = await File.ReadAllBytesAsync(Path.Combine(models.Models, "seg-dnn", "1", "model.onnx"));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(onnx)), seg.Sha256);
        Assert.Equal("seg", JsonDocument.Parse(seg.MetadataJson).RootElement.GetProperty("network").GetString());
        Assert.Equal("seg", seg.Network);
        Assert.Empty(response.Refused);
        Assert.Equal(64, response.MaxGenerateCount);
    }

    [Fact]
    public async Task Reflection_ListsTheInferenceAndHealthServices()
    {
        var server = await models.SharedServerAsync();
        var reflection = new ServerReflection.ServerReflectionClient(server.Channel());

        using var call = reflection.ServerReflectionInfo();
        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" });
        await call.RequestStream.CompleteAsync();
        var response = await call.ResponseStream.ReadAllAsync().SingleAsync();

        var services = response.ListServicesResponse.Service.Select(s => s.Name).ToList();
        Assert.Contains("brainaug.v1.Inference", services);
        Assert.Contains("grpc.health.v1.Health", services);
    }

    [Fact]
    public async Task Metrics_CountRequestsAndBatchesPerModelAndVersion()
    {
        var server = await models.SharedServerAsync();
        await server.Client().SegmentAsync(new SegmentRequest { Image = Tensors.Images(2) });

        var metrics = await server.MetricsAsync();

        Assert.Matches("brainaug_requests_total\\{rpc=\"Segment\",model=\"seg-dnn\",version=\"1\"\\} [1-9]", metrics);
        Assert.Matches("brainaug_batch_size_count\\{model=\"seg-dnn\",version=\"1\"\\} [1-9]", metrics);
        Assert.Matches("brainaug_compute_seconds_sum\\{model=\"seg-dnn\",version=\"1\"\\} ", metrics);
        Assert.Matches("brainaug_queue_seconds_count\\{model=\"seg-dnn\",version=\"1\"\\} [1-9]", metrics);
        Assert.Contains("brainaug_loaded_versions 3", metrics);
    }
}
