using BrainAug.Networks;
using TorchSharp;
using static TorchSharp.torch;

namespace BrainAug.Trainer.Tests.Networks;

/// <summary>Output shapes for a table of configurations, in eval mode.</summary>
public class NetworkShapeTests
{
    public static TheoryData<string, Func<nn.Module<Tensor, Tensor>>, long[], long[]> Cases => new()
    {
        { "U-Net study (240, base 64, depth 4)", () => new UNet(1, 1, 64, 4), [1, 1, 240, 240], [1, 1, 240, 240] },
        { "U-Net 4 modalities, 4 classes", () => new UNet(4, 4, 8, 3), [2, 4, 64, 64], [2, 4, 64, 64] },
        { "U-Net depth 1", () => new UNet(2, 1, 4, 1), [3, 2, 30, 18], [3, 1, 30, 18] },
        { "DCGAN G study (nz 100, 128)", () => new DcganGenerator(100, 128, 32, 1), [2, 100, 1, 1], [2, 1, 128, 128] },
        { "DCGAN G 64, 4 label channels", () => new DcganGenerator(32, 64, 8, 4), [3, 32, 1, 1], [3, 4, 64, 64] },
        { "DCGAN D study (128)", () => new DcganDiscriminator(128, 32, 1), [2, 1, 128, 128], [2, 1, 1, 1] },
        { "DCGAN D 32", () => new DcganDiscriminator(32, 8, 2), [5, 2, 32, 32], [5, 1, 1, 1] },
        { "pix2pix G 256, 8 downs", () => new Pix2PixGenerator(1, 1, 8, 8), [1, 1, 256, 256], [1, 1, 256, 256] },
        { "pix2pix G 240, 4 downs, label+outline", () => new Pix2PixGenerator(2, 1, 4, 8), [2, 2, 240, 240], [2, 1, 240, 240] },
        { "PatchGAN 3 layers at 256 (30x30 patches)", () => new PatchGanDiscriminator(2, 8, 3), [1, 2, 256, 256], [1, 1, 30, 30] },
        { "PatchGAN 2 layers at 64", () => new PatchGanDiscriminator(5, 8, 2), [2, 5, 64, 64], [2, 1, 14, 14] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Forward_EvalMode_ExpectedShape(string name, Func<nn.Module<Tensor, Tensor>> create, long[] input, long[] expected)
    {
        using var scope = NewDisposeScope();
        var network = create();
        network.eval();

        using var _ = no_grad();
        var output = network.call(randn(input));

        Assert.True(expected.SequenceEqual(output.shape), $"{name}: got [{string.Join(", ", output.shape)}]");
    }

    [Fact]
    public void UNet_SideNotDivisible_ClearError()
    {
        using var network = new UNet(1, 1, 4, 4);

        var error = Assert.Throws<ArgumentException>(() => network.call(zeros(1, 1, 100, 100)));

        Assert.Contains("divisible by 16", error.Message);
    }

    [Fact]
    public void DcganGenerator_ImageSizeNotPowerOfTwo_ClearError()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new DcganGenerator(imageSize: 120));

        Assert.Contains("imageSize", error.Message);
    }
}
