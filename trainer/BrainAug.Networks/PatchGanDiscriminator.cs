using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace BrainAug.Networks;

/// <summary>
/// The BG's N-layer PatchGAN discriminator (pix2pix): judges overlapping patches of a (condition, image)
/// pair. Conv k4 s2 p1 layers with LeakyReLU 0.2 (BatchNorm after the first), widths doubling up to 8x,
/// then two k4 s1 p1 layers; outputs a map of patch logits. pix2pix default: 3 layers, width 64 (70x70 patches).
/// </summary>
public sealed class PatchGanDiscriminator : Module<Tensor, Tensor>
{
    private readonly Sequential _layers;

    /// <param name="inChannels">Condition channels + image channels.</param>
    /// <param name="width">Channels of the first layer (ndf); pix2pix 64.</param>
    /// <param name="layers">Strided layers (n_layers); pix2pix 3.</param>
    public PatchGanDiscriminator(int inChannels, int width = 64, int layers = 3) : base(nameof(PatchGanDiscriminator))
    {
        NetworkArguments.Positive(nameof(inChannels), inChannels);
        NetworkArguments.Positive(nameof(width), width);
        NetworkArguments.InRange(nameof(layers), layers, 1, 6);
        var list = new List<(string, Module<Tensor, Tensor>)>
        {
            ("conv0", Conv2d(inChannels, width, kernel_size: 4, stride: 2, padding: 1)),
            ("conv0_lrelu", LeakyReLU(0.2, inplace: true)),
        };
        var channels = width;
        for (var n = 1; n <= layers; n++)
        {
            var next = width * Math.Min(1 << n, 8);
            var stride = n < layers ? 2 : 1;
            list.Add(($"conv{n}", Conv2d(channels, next, kernel_size: 4, stride: stride, padding: 1, bias: false)));
            list.Add(($"conv{n}_bn", BatchNorm2d(next)));
            list.Add(($"conv{n}_lrelu", LeakyReLU(0.2, inplace: true)));
            channels = next;
        }
        list.Add(("to_logits", Conv2d(channels, 1, kernel_size: 4, stride: 1, padding: 1)));
        _layers = Sequential(list);
        RegisterComponents();
        GanInit.Apply(this);
    }

    /// <summary>The layers in call order (read by the ONNX exporter).</summary>
    public Sequential Layers => _layers;

    /// <summary>(N, inChannels, H, W) -> patch logits (N, 1, H', W').</summary>
    public override Tensor forward(Tensor pair) => _layers.call(pair);
}
