using BrainAug.Exporter.Onnx;
using BrainAug.Networks;
using Google.Protobuf;
using TorchSharp;
using static TorchSharp.torch;

namespace BrainAug.Exporter.Tests;

/// <summary>The three served networks, exported from small configurations: parity with ONNX Runtime at batch
/// 1 and 4, and Debian's onnx checker (full check) accepts every graph.</summary>
public class NetworkExportTests
{
    public static TheoryData<string> Networks => new() { "unet-binary", "unet-multiclass", "unet-regions", "dcgan", "pix2pix", "inpainting" };

    [Theory]
    [MemberData(nameof(Networks))]
    public void Export_ParityAtBatch1And4AndOnnxCheckerAccepts(string which)
    {
        manual_seed(5);
        var (network, _, inputShape) = Export(which);
        using var owned = network;
        PerturbBatchNormStatistics(network);
        var model = Export(which, network).Model;

        var difference = ParityCheck.Verify(model, network, inputShape, [1, 4]);
        var checker = OnnxChecker.Check(model.ToByteArray());

        Assert.True(difference <= ParityCheck.Tolerance, $"{which}: {difference:E2}");
        Assert.Equal("ok", checker);
    }

    [Theory]
    [InlineData(3, false)] // regions WT, TC, ET: a pixel may be in all three
    [InlineData(4, true)] // classes: probabilities sum to 1
    public void SegProbability_IsSigmoidPerRegionOrSoftmaxOverClasses(int channels, bool softmax)
    {
        manual_seed(7);
        using var unet = new UNet(1, channels, baseWidth: 4, depth: 2);
        unet.eval();
        var model = NetworkGraphs.UNet(unet, 1, channels, 16, softmax);
        using var session = new Microsoft.ML.OnnxRuntime.InferenceSession(model.ToByteArray());
        using var value = Microsoft.ML.OnnxRuntime.OrtValue.CreateTensorValueFromMemory(rand(2, 1, 16, 16).data<float>().ToArray(), [2, 1, 16, 16]);
        using var runOptions = new Microsoft.ML.OnnxRuntime.RunOptions();
        using var outputs = session.Run(runOptions, new Dictionary<string, Microsoft.ML.OnnxRuntime.OrtValue> { ["image"] = value }, ["logits", "probability"]);
        using var logits = tensor(outputs[0].GetTensorDataAsSpan<float>().ToArray(), [2, channels, 16, 16]);
        using var expected = softmax ? logits.softmax(1) : logits.sigmoid();
        var actual = outputs[1].GetTensorDataAsSpan<float>().ToArray();

        var difference = expected.data<float>().ToArray().Zip(actual).Max(p => Math.Abs(p.First - p.Second));
        Assert.True(difference < 1e-6, $"probability differs from {(softmax ? "softmax" : "sigmoid")}(logits) by {difference}");
    }

    [Fact]
    public void SegFeatures_AreTheBottleneckAveragedOverSpace()
    {
        manual_seed(6);
        using var unet = new UNet(1, 1, baseWidth: 4, depth: 3);
        PerturbBatchNormStatistics(unet);
        unet.eval();
        var model = NetworkGraphs.UNet(unet, 1, 1, 32, softmax: false);
        using var input = rand(3, 1, 32, 32);
        float[] expected;
        using (no_grad())
        {
            var x = unet.InConv.call(input);
            foreach (var down in unet.Downs) x = down.call(x);
            expected = x.mean([2, 3]).data<float>().ToArray();
        }
        using var session = new Microsoft.ML.OnnxRuntime.InferenceSession(model.ToByteArray());
        using var value = Microsoft.ML.OnnxRuntime.OrtValue.CreateTensorValueFromMemory(input.data<float>().ToArray(), [3, 1, 32, 32]);
        using var runOptions = new Microsoft.ML.OnnxRuntime.RunOptions();
        using var outputs = session.Run(runOptions, new Dictionary<string, Microsoft.ML.OnnxRuntime.OrtValue> { ["image"] = value }, ["features"]);
        var actual = outputs[0].GetTensorDataAsSpan<float>().ToArray();

        Assert.Equal([3L, 32L], outputs[0].GetTensorTypeAndShape().Shape); // 4 * 2^3 channels
        Assert.Equal(32, unet.BottleneckChannels);
        Assert.True(expected.Zip(actual).Max(p => Math.Abs(p.First - p.Second)) < 1e-5, "features differ from TorchSharp's bottleneck mean");
    }

    private static (nn.Module<Tensor, Tensor> Network, global::Onnx.ModelProto Model, long[] InputShape) Export(string which, nn.Module<Tensor, Tensor>? existing = null)
    {
        switch (which)
        {
            case "unet-binary":
            {
                var unet = existing as UNet ?? new UNet(2, 1, baseWidth: 4, depth: 3);
                return (unet, NetworkGraphs.UNet(unet, 2, 1, 32, softmax: false), [2, 32, 32]);
            }
            case "unet-multiclass":
            {
                var unet = existing as UNet ?? new UNet(1, 4, baseWidth: 4, depth: 2);
                return (unet, NetworkGraphs.UNet(unet, 1, 4, 24, softmax: true), [1, 24, 24]);
            }
            case "unet-regions":
            {
                var unet = existing as UNet ?? new UNet(4, 3, baseWidth: 4, depth: 2);
                return (unet, NetworkGraphs.UNet(unet, 4, 3, 24, softmax: false), [4, 24, 24]);
            }
            case "dcgan":
            {
                var generator = existing as DcganGenerator ?? new DcganGenerator(noiseSize: 10, imageSize: 32, width: 4, outChannels: 3);
                return (generator, NetworkGraphs.DcganGenerator(generator, 10, 3, 32), [10, 1, 1]);
            }
            case "inpainting":
            {
                // Two modalities, region, three label channels: 6 condition channels.
                var generator = existing as InpaintingGenerator ?? new InpaintingGenerator(modalities: 2, labelChannels: 3, downs: 3, width: 4);
                return (generator, NetworkGraphs.InpaintingGenerator(generator, 6, 32), [6, 32, 32]);
            }
            default:
            {
                var generator = existing as Pix2PixGenerator ?? new Pix2PixGenerator(2, 1, downs: 4, width: 4);
                return (generator, NetworkGraphs.Pix2PixGenerator(generator, 2, 1, 32), [2, 32, 32]);
            }
        }
    }

    /// <summary>Fresh BatchNorm layers have mean 0 and variance 1, which would hide a wrong mapping.</summary>
    private static void PerturbBatchNormStatistics(nn.Module network)
    {
        using var _ = no_grad();
        foreach (var (_, module) in network.named_modules())
        {
            if (module is not TorchSharp.Modules.BatchNorm2d norm) continue;
            norm.running_mean!.copy_(randn_like(norm.running_mean) * 0.1);
            norm.running_var!.copy_(rand_like(norm.running_var) + 0.5);
        }
    }
}
