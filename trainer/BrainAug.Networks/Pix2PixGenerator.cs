using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace BrainAug.Networks;

/// <summary>
/// Brain Generator (BG): the pix2pix U-Net generator. Encoder: Conv k4 s2 p1 blocks (LeakyReLU 0.2 before,
/// BatchNorm after, except the first and the innermost); decoder: ReLU, ConvTranspose k4 s2 p1, BatchNorm,
/// with dropout 0.5 in the (up to) three blocks next to the innermost; skips concatenate each encoder output
/// with the decoder input of the same size; Tanh out. Widths ngf * min(2^i, 8). pix2pix: 8 downs, ngf 64, 256x256.
/// </summary>
public sealed class Pix2PixGenerator : Module<Tensor, Tensor>
{
    private readonly ModuleList<Sequential> _encoders = new();
    private readonly ModuleList<Sequential> _decoders = new(); // _decoders[i] produces the size of encoder i's input

    /// <param name="inChannels">Condition channels: the tumour label map, optionally plus anatomy channels.</param>
    /// <param name="outChannels">Generated image channels (modalities).</param>
    /// <param name="downs">Down-samplings; the input side must be divisible by 2^downs.</param>
    /// <param name="width">ngf, channels of the first encoder block; pix2pix 64.</param>
    /// <param name="dropout">Dropout probability in the inner decoder blocks; pix2pix 0.5.</param>
    public Pix2PixGenerator(int inChannels, int outChannels = 1, int downs = 7, int width = 64, double dropout = 0.5) : base(nameof(Pix2PixGenerator))
    {
        NetworkArguments.Positive(nameof(inChannels), inChannels);
        NetworkArguments.Positive(nameof(outChannels), outChannels);
        NetworkArguments.InRange(nameof(downs), downs, 2, 9);
        NetworkArguments.Positive(nameof(width), width);
        Downs = downs;
        int Channels(int level) => width * Math.Min(1 << level, 8);

        _encoders.Add(Sequential(("conv", Conv2d(inChannels, Channels(0), kernel_size: 4, stride: 2, padding: 1, bias: false))));
        for (var i = 1; i < downs; i++)
        {
            var innermost = i == downs - 1;
            var block = new List<(string, Module<Tensor, Tensor>)>
            {
                ("lrelu", LeakyReLU(0.2, inplace: false)),
                ("conv", Conv2d(Channels(i - 1), Channels(i), kernel_size: 4, stride: 2, padding: 1, bias: innermost)),
            };
            if (!innermost) block.Add(("bn", BatchNorm2d(Channels(i))));
            _encoders.Add(Sequential(block));
        }

        _decoders.Add(Sequential(
            ("relu", ReLU(inplace: false)),
            ("deconv", ConvTranspose2d(2 * Channels(0), outChannels, kernel_size: 4, stride: 2, padding: 1)),
            ("tanh", Tanh())));
        for (var i = 1; i < downs; i++)
        {
            var innermost = i == downs - 1;
            var block = new List<(string, Module<Tensor, Tensor>)>
            {
                ("relu", ReLU(inplace: false)),
                ("deconv", ConvTranspose2d(innermost ? Channels(i) : 2 * Channels(i), Channels(i - 1), kernel_size: 4, stride: 2, padding: 1, bias: false)),
                ("bn", BatchNorm2d(Channels(i - 1))),
            };
            if (!innermost && i >= downs - 4 && dropout > 0) block.Add(("dropout", Dropout(dropout)));
            _decoders.Add(Sequential(block));
        }
        RegisterComponents();
        GanInit.Apply(this);
    }

    public int Downs { get; }

    /// <summary>Encoder blocks, outermost first (read by the ONNX exporter).</summary>
    public IReadOnlyList<Sequential> Encoders => _encoders.ToList();

    /// <summary>Decoder blocks; Decoders[i] restores the size of Encoders[i]'s input.</summary>
    public IReadOnlyList<Sequential> Decoders => _decoders.ToList();

    /// <summary>Condition (N, inChannels, H, W) -> image (N, outChannels, H, W) in [-1, 1]; H, W divisible by 2^downs.</summary>
    public override Tensor forward(Tensor condition)
    {
        NetworkArguments.SpatialMultiple(condition, 1 << Downs, nameof(Pix2PixGenerator));
        using var scope = NewDisposeScope();
        var encoded = new List<Tensor> { _encoders[0].call(condition) };
        for (var i = 1; i < Downs; i++) encoded.Add(_encoders[i].call(encoded[^1]));
        var x = _decoders[Downs - 1].call(encoded[Downs - 1]);
        for (var i = Downs - 2; i >= 0; i--) x = _decoders[i].call(cat([encoded[i], x], dim: 1));
        return x.MoveToOuterDisposeScope();
    }
}
