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
    public static TheoryData<string> Networks => new() { "unet-binary", "unet-multiclass", "dcgan", "pix2pix" };

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

    private static (nn.Module<Tensor, Tensor> Network, global::Onnx.ModelProto Model, long[] InputShape) Export(string which, nn.Module<Tensor, Tensor>? existing = null)
    {
        switch (which)
        {
            case "unet-binary":
            {
                var unet = existing as UNet ?? new UNet(2, 1, baseWidth: 4, depth: 3);
                return (unet, NetworkGraphs.UNet(unet, 2, 1, 32), [2, 32, 32]);
            }
            case "unet-multiclass":
            {
                var unet = existing as UNet ?? new UNet(1, 4, baseWidth: 4, depth: 2);
                return (unet, NetworkGraphs.UNet(unet, 1, 4, 24), [1, 24, 24]);
            }
            case "dcgan":
            {
                var generator = existing as DcganGenerator ?? new DcganGenerator(noiseSize: 10, imageSize: 32, width: 4, outChannels: 3);
                return (generator, NetworkGraphs.DcganGenerator(generator, 10, 3, 32), [10, 1, 1]);
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
