using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace BrainAug.Networks;

/// <summary>
/// Tumour Generator (TG): the study's DCGAN generator. Noise (N, nz, 1, 1) is projected to 4x4 by a
/// ConvTranspose k4 s1 p0, doubled by ConvTranspose k4 s2 p1 blocks (BatchNorm + ReLU) and mapped to
/// label channels by a final ConvTranspose with Tanh. Study: nz 100, 128x128, widths 512-256-128-64-32.
/// </summary>
public sealed class DcganGenerator : Module<Tensor, Tensor>
{
    private readonly Sequential _layers;

    /// <param name="noiseSize">nz, length of the noise vector; study 100.</param>
    /// <param name="imageSize">Output side, a power of two >= 8; study 128.</param>
    /// <param name="width">Channels of the last hidden layer; each earlier layer doubles it. Study 32.</param>
    /// <param name="outChannels">Label-map channels; 1 for a binary mask.</param>
    public DcganGenerator(int noiseSize = 100, int imageSize = 128, int width = 32, int outChannels = 1) : base(nameof(DcganGenerator))
    {
        NetworkArguments.Positive(nameof(noiseSize), noiseSize);
        NetworkArguments.PowerOfTwo(nameof(imageSize), imageSize, 8);
        NetworkArguments.Positive(nameof(width), width);
        NetworkArguments.Positive(nameof(outChannels), outChannels);
        NoiseSize = noiseSize;
        var hidden = (int)Math.Log2(imageSize / 4); // 4x4 plus (hidden - 1) doublings reach imageSize/2
        var layers = new List<(string, Module<Tensor, Tensor>)>();
        var channels = width << (hidden - 1);
        layers.Add(("project", ConvTranspose2d(noiseSize, channels, kernel_size: 4, stride: 1, padding: 0, bias: false)));
        layers.Add(("project_bn", BatchNorm2d(channels)));
        layers.Add(("project_relu", ReLU(inplace: true)));
        for (var i = 1; i < hidden; i++)
        {
            layers.Add(($"up{i}", ConvTranspose2d(channels, channels / 2, kernel_size: 4, stride: 2, padding: 1, bias: false)));
            layers.Add(($"up{i}_bn", BatchNorm2d(channels / 2)));
            layers.Add(($"up{i}_relu", ReLU(inplace: true)));
            channels /= 2;
        }
        layers.Add(("to_labels", ConvTranspose2d(channels, outChannels, kernel_size: 4, stride: 2, padding: 1, bias: false)));
        layers.Add(("tanh", Tanh()));
        _layers = Sequential(layers);
        RegisterComponents();
        GanInit.Apply(this);
    }

    public int NoiseSize { get; }

    /// <summary>The layers in call order (read by the ONNX exporter).</summary>
    public Sequential Layers => _layers;

    /// <summary>(N, nz, 1, 1) noise -> (N, outChannels, imageSize, imageSize) in [-1, 1].</summary>
    public override Tensor forward(Tensor noise) => _layers.call(noise);
}
