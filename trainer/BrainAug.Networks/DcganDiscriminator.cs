using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace BrainAug.Networks;

/// <summary>
/// The TG's discriminator, as in the study: Conv k4 s2 p1 (no bias) halving the side down to 4x4,
/// LeakyReLU 0.2 throughout, BatchNorm from the third layer on, then a k4 s1 p0 convolution to one value.
/// It returns logits (use BCE-with-logits), not the study's Sigmoid output: same model, stabler loss.
/// Study: 128x128, widths 32-64-128-256-512.
/// </summary>
public sealed class DcganDiscriminator : Module<Tensor, Tensor>
{
    private readonly Sequential _layers;

    /// <param name="imageSize">Input side, a power of two >= 8; study 128.</param>
    /// <param name="width">Channels of the first layer; each later layer doubles it. Study 32.</param>
    /// <param name="inChannels">Label-map channels; 1 for a binary mask.</param>
    public DcganDiscriminator(int imageSize = 128, int width = 32, int inChannels = 1) : base(nameof(DcganDiscriminator))
    {
        NetworkArguments.PowerOfTwo(nameof(imageSize), imageSize, 8);
        NetworkArguments.Positive(nameof(width), width);
        NetworkArguments.Positive(nameof(inChannels), inChannels);
        var strided = (int)Math.Log2(imageSize / 4);
        var layers = new List<(string, Module<Tensor, Tensor>)>();
        int channelsIn = inChannels, channels = width;
        for (var i = 0; i < strided; i++)
        {
            layers.Add(($"conv{i + 1}", Conv2d(channelsIn, channels, kernel_size: 4, stride: 2, padding: 1, bias: false)));
            if (i >= 2) layers.Add(($"conv{i + 1}_bn", BatchNorm2d(channels)));
            layers.Add(($"conv{i + 1}_lrelu", LeakyReLU(0.2, inplace: true)));
            (channelsIn, channels) = (channels, channels * 2);
        }
        layers.Add(("to_logit", Conv2d(channelsIn, 1, kernel_size: 4, stride: 1, bias: false)));
        _layers = Sequential(layers);
        RegisterComponents();
        GanInit.Apply(this);
    }

    /// <summary>The layers in call order (read by the ONNX exporter).</summary>
    public Sequential Layers => _layers;

    /// <summary>(N, inChannels, imageSize, imageSize) -> real/fake logits (N, 1, 1, 1).</summary>
    public override Tensor forward(Tensor input) => _layers.call(input);
}
