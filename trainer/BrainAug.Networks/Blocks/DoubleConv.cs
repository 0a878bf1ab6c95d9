using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace BrainAug.Networks.Blocks;

/// <summary>(Conv3x3 -> BatchNorm -> ReLU) twice: one U-Net level. Shapes: (N, in, H, W) -> (N, out, H, W).</summary>
public sealed class DoubleConv : Module<Tensor, Tensor>
{
    private readonly Sequential _layers;

    public DoubleConv(int inChannels, int outChannels) : base(nameof(DoubleConv))
    {
        _layers = Sequential(
            ("conv1", Conv2d(inChannels, outChannels, kernel_size: 3, padding: 1, bias: false)),
            ("bn1", BatchNorm2d(outChannels)),
            ("relu1", ReLU(inplace: true)),
            ("conv2", Conv2d(outChannels, outChannels, kernel_size: 3, padding: 1, bias: false)),
            ("bn2", BatchNorm2d(outChannels)),
            ("relu2", ReLU(inplace: true)));
        RegisterComponents();
    }

    public override Tensor forward(Tensor input) => _layers.call(input);

    /// <summary>The layers in call order (read by the ONNX exporter).</summary>
    public Sequential Layers => _layers;
}

/// <summary>Max-pool by 2, then <see cref="DoubleConv"/>: (N, in, H, W) -> (N, out, H/2, W/2).</summary>
public sealed class Down : Module<Tensor, Tensor>
{
    private readonly MaxPool2d _pool;
    private readonly DoubleConv _conv;

    public Down(int inChannels, int outChannels) : base(nameof(Down))
    {
        _pool = MaxPool2d(kernel_size: 2, stride: 2);
        _conv = new DoubleConv(inChannels, outChannels);
        RegisterComponents();
    }

    public MaxPool2d Pool => _pool;

    public DoubleConv Conv => _conv;

    public override Tensor forward(Tensor input)
    {
        using var pooled = _pool.call(input);
        return _conv.call(pooled);
    }
}

/// <summary>ConvTranspose k2 s2 up-sampling, concatenation with the encoder's skip, <see cref="DoubleConv"/>:
/// (N, in, H, W) + skip (N, in/2, 2H, 2W) -> (N, out, 2H, 2W).</summary>
public sealed class Up : Module<Tensor, Tensor, Tensor>
{
    private readonly ConvTranspose2d _up;
    private readonly DoubleConv _conv;

    public Up(int inChannels, int outChannels) : base(nameof(Up))
    {
        _up = ConvTranspose2d(inChannels, inChannels / 2, kernel_size: 2, stride: 2);
        _conv = new DoubleConv(inChannels / 2 + outChannels, outChannels);
        RegisterComponents();
    }

    public ConvTranspose2d UpConv => _up;

    public DoubleConv Conv => _conv;

    public override Tensor forward(Tensor input, Tensor skip)
    {
        using var upsampled = _up.call(input);
        using var joined = cat([skip, upsampled], dim: 1);
        return _conv.call(joined);
    }
}
