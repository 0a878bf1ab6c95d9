using BrainAug.Contracts.Imaging;
using BrainAug.Protos.V1;
using BrainAug.TestSupport;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Health.V1;

namespace BrainAug.InferenceServer.Tests;

/// <summary>The inpainting brain generator behind GenerateBrain and GeneratePairs: the host survives outside the
/// region bit for bit, labels unite, and every new input is validated.</summary>
[Collection(ServerCollection.Name)]
public class InpaintingServerTests(ModelsFixture models)
{
    private const int Size = 32, Plane = Size * Size, Modalities = 2, Margin = 3;

    /// <summary>Two smooth host modalities in [-1, 1] with -1 outside a disc brain.</summary>
    private static float[] Host(int seed = 0)
    {
        var images = Tensors.Floats(Tensors.Images(1, Modalities, Size, seed));
        var brain = Tensors.Outline(Size);
        return [.. images.Select((v, i) => brain[i % Plane] > 0 ? v * 2 - 1 : -1f)];
    }

    private static byte[] Tumour(int x0, int y0)
    {
        var label = new byte[Plane];
        for (var y = y0; y < y0 + 5; y++)
            for (var x = x0; x < x0 + 5; x++) label[y * Size + x] = 1;
        return label;
    }

    /// <summary>The condition that paints <paramref name="label"/> (default: the tumour) inside the tumour's region.</summary>
    private static float[] Condition(float[] host, byte[] tumour, byte[]? label = null)
    {
        var brain = host.Take(Plane).Select(v => v > -1).ToArray();
        var condition = new float[InpaintCondition.Channels(Modalities, 1) * Plane];
        InpaintCondition.Write(host, InpaintCondition.Region(tumour, 1, brain, Size, Margin), label ?? tumour, Size, condition);
        return condition;
    }

    [Fact]
    public async Task GenerateBrain_OutsideTheRegionIsTheHostBitForBit_InsideIsPainted()
    {
        var server = await models.InpaintingServerAsync();
        var host = Host();
        var tumour = Tumour(12, 10);
        var region = InpaintCondition.Region(tumour, 1, host.Take(Plane).Select(v => v > -1).ToArray(), Size, Margin);

        var response = await server.Client().GenerateBrainAsync(new GenerateBrainRequest { Condition = Tensors.Float32(Condition(host, tumour), 1, 4, Size, Size) });

        var image = Tensors.Floats(response.Image);
        Assert.Equal([1L, Modalities, Size, Size], response.Image.Shape);
        for (var i = 0; i < image.Length; i++)
            if (!region[i % Plane]) Assert.Equal(BitConverter.SingleToInt32Bits(host[i]), BitConverter.SingleToInt32Bits(image[i]));
        Assert.Contains(Enumerable.Range(0, image.Length), i => region[i % Plane] && image[i] != host[i]);
    }

    public static TheoryData<string> BadConditions => new() { "three channels", "region 0.5", "label 0.3", "host 48 pixels", "NaN in the host", "host 1.5" };

    [Theory]
    [MemberData(nameof(BadConditions))]
    public async Task GenerateBrain_BadInpaintingCondition_InvalidArgumentSayingWhat_ServerKeepsServing(string which)
    {
        var server = await models.InpaintingServerAsync();
        var condition = Condition(Host(), Tumour(12, 10));
        var (tensor, message) = which switch
        {
            "three channels" => (Tensors.Float32(condition[..(3 * Plane)], 1, 3, Size, Size), "channels 3: expected float32 (N, 4, 32, 32)"),
            "region 0.5" => (Tensors.Float32(Set(condition, 2 * Plane + 7, 0.5f), 1, 4, Size, Size), "the region channel holds 0.5 at pixel 7: it must be -1 (outside) or 1 (inside)"),
            "label 0.3" => (Tensors.Float32(Set(condition, 3 * Plane + 9, 0.3f), 1, 4, Size, Size), "label channel 0 holds 0.3 at pixel 9"),
            "host 48 pixels" => (Tensors.Float32(new float[4 * 48 * 48], 1, 4, 48, 48), "height 48: expected float32 (N, 4, 32, 32)"),
            "NaN in the host" => (Tensors.Float32(Set(condition, 5, float.NaN), 1, 4, Size, Size), "NaN at element 5: values must be finite"),
            _ => (Tensors.Float32(Set(condition, Plane + 3, 1.5f), 1, 4, Size, Size), "host channel 1 holds 1.5 at pixel 3: host slices lie in [-1, 1]"),
        };

        var error = await Assert.ThrowsAsync<RpcException>(() => server.Client().GenerateBrainAsync(new GenerateBrainRequest { Condition = tensor }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains(message, error.Status.Detail);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, await server.HealthAsync());
        Assert.Equal(1, (await server.Client().GenerateBrainAsync(new GenerateBrainRequest { Condition = Tensors.Float32(condition, 1, 4, Size, Size) })).Image.Shape[0]); // still serving
    }

    [Fact]
    public async Task GeneratePairs_WithHosts_OutsideTheRegionIsTheHost_HostLabelsUniteWithTheNewTumour()
    {
        var server = await models.InpaintingServerAsync();
        float[][] hosts = [Host(1), Host(2)];
        var hostLabels = new byte[2 * Plane];
        Tumour(4, 14).CopyTo(hostLabels, 0); // host 0 has a tumour of its own
        GeneratePairsRequest Request() => new()
        {
            Seed = 3, StartIndex = 7, Count = 4, ChunkSize = 3, Hosts = Tensors.Float32([.. hosts[0], .. hosts[1]], 2, Modalities, Size, Size),
        };
        var withLabels = Request();
        withLabels.HostLabels = new Tensor { Dtype = DataType.Uint8, Data = ByteString.CopyFrom(hostLabels), Shape = { 2, 1, Size, Size } };

        var (labels, images) = await Pairs(server, Request());
        var (unitedLabels, imagesWithLabels) = await Pairs(server, withLabels);

        Assert.Equal(4 * Plane, labels.Length);
        Assert.Contains((byte)1, labels); // tumours were painted
        var (painted, paintedFromUnion) = (new List<float>(), new List<float>());
        for (var pair = 0; pair < 4; pair++)
        {
            var h = (7 + pair) % 2; // pair start_index + i goes into host (start_index + i) mod K
            var tumour = labels.AsSpan(pair * Plane, Plane).ToArray();
            var united = unitedLabels.AsSpan(pair * Plane, Plane).ToArray();
            var region = InpaintCondition.Region(tumour, 1, hosts[h].Take(Plane).Select(v => v > -1).ToArray(), Size, Margin);
            for (var i = 0; i < Modalities * Plane; i++)
                if (!region[i % Plane])
                {
                    Assert.Equal(BitConverter.SingleToInt32Bits(hosts[h][i]), BitConverter.SingleToInt32Bits(images[pair * Modalities * Plane + i]));
                    Assert.Equal(BitConverter.SingleToInt32Bits(hosts[h][i]), BitConverter.SingleToInt32Bits(imagesWithLabels[pair * Modalities * Plane + i]));
                }
            for (var p = 0; p < Plane; p++)
                Assert.Equal(tumour[p] | hostLabels[h * Plane + p], united[p]);
            painted.AddRange(Condition(hosts[h], tumour));
            paintedFromUnion.AddRange(Condition(hosts[h], tumour, united));
        }
        // Inside the region the generator paints the label map it returns: the new tumour, or its union with the host's.
        Assert.Equal(images, await Painted(server, painted));
        Assert.Equal(imagesWithLabels, await Painted(server, paintedFromUnion));
        Assert.NotEqual(images, imagesWithLabels); // host 0's tumour reaches into a region, so the two differ there
    }

    private static async Task<float[]> Painted(ServerProcess server, List<float> conditions)
    {
        var response = await server.Client().GenerateBrainAsync(new GenerateBrainRequest { Condition = Tensors.Float32([.. conditions], 4, 4, Size, Size) });
        return [.. Tensors.Floats(response.Image)];
    }

    private static async Task<(byte[] Labels, float[] Images)> Pairs(ServerProcess server, GeneratePairsRequest request)
    {
        var chunks = await server.Client().GeneratePairs(request).ResponseStream.ReadAllAsync().ToListAsync();
        return ([.. chunks.SelectMany(c => c.LabelMap.Data.ToByteArray())], [.. chunks.SelectMany(c => Tensors.Floats(c.Image))]);
    }

    [Fact]
    public async Task GeneratePairs_InpaintingWithoutHosts_OrHostsForAnotherGenerator_InvalidArgument()
    {
        var inpainting = await models.InpaintingServerAsync();
        var other = await models.SharedServerAsync();
        var hosts = Tensors.Float32(Host(), 1, Modalities, Size, Size);

        var missing = await Assert.ThrowsAsync<RpcException>(() => inpainting.Client().GeneratePairs(new GeneratePairsRequest { Count = 1 }).ResponseStream.ReadAllAsync().ToListAsync().AsTask());
        var badLabels = await Assert.ThrowsAsync<RpcException>(() => inpainting.Client().GeneratePairs(new GeneratePairsRequest
        {
            Count = 1, Hosts = hosts, HostLabels = new Tensor { Dtype = DataType.Uint8, Data = ByteString.CopyFrom(new byte[Plane]), Shape = { 2, 1, Size, Size } },
        }).ResponseStream.ReadAllAsync().ToListAsync().AsTask());
        var unexpected = await Assert.ThrowsAsync<RpcException>(() => other.Client().GeneratePairs(new GeneratePairsRequest
        {
            Count = 1, Hosts = hosts, Outline = Tensors.Float32(Tensors.Outline(Size), 1, 1, Size, Size),
        }).ResponseStream.ReadAllAsync().ToListAsync().AsTask());

        Assert.Equal(StatusCode.InvalidArgument, missing.StatusCode);
        Assert.Contains("paints tumours into real slices: send hosts as float32 (K, 2, 32, 32) in [-1, 1]", missing.Status.Detail);
        Assert.Equal(StatusCode.InvalidArgument, badLabels.StatusCode);
        Assert.Contains("host_labels is Uint8 [2, 1, 32, 32]: expected uint8 (1, 1, 32, 32) of 0 and 1", badLabels.Status.Detail);
        Assert.Equal(StatusCode.InvalidArgument, unexpected.StatusCode);
        Assert.Contains("does not inpaint; leave hosts and host_labels unset", unexpected.Status.Detail);
    }

    private static float[] Set(float[] values, int index, float value)
    {
        var copy = (float[])values.Clone();
        copy[index] = value;
        return copy;
    }
}
