using BrainAug.Networks.Blocks;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace BrainAug.Networks;

/// <summary>
/// Seg-DNN: the U-Net of the study. Each level is <see cref="DoubleConv"/>; max-pool down, ConvTranspose k2 s2
/// up with skip concatenation, a 1x1 convolution to logits. The study's network is
/// <c>new UNet(1, 1, baseWidth: 64, depth: 4)</c>: 64/128/256/512, bottleneck 1024, 240 -> 15 at the bottom.
/// </summary>
public sealed class UNet : Module<Tensor, Tensor>
{
    private readonly DoubleConv _inConv;
    private readonly ModuleList<Down> _downs = new();
    private readonly ModuleList<Up> _ups = new();
    private readonly Conv2d _head;

    /// <param name="inChannels">Image channels (modalities), default 1 (T1ce).</param>
    /// <param name="outChannels">Logit channels: 1 for a binary region, 4 for the internal classes.</param>
    /// <param name="baseWidth">Channels of the first level; level l has baseWidth * 2^l. Study: 64.</param>
    /// <param name="depth">Number of poolings; input sides must be divisible by 2^depth. Study: 4.</param>
    public UNet(int inChannels = 1, int outChannels = 1, int baseWidth = 64, int depth = 4) : base(nameof(UNet))
    {
        NetworkArguments.Positive(nameof(inChannels), inChannels);
        NetworkArguments.Positive(nameof(outChannels), outChannels);
        NetworkArguments.Positive(nameof(baseWidth), baseWidth);
        NetworkArguments.InRange(nameof(depth), depth, 1, 6);
        Depth = depth;
        BottleneckChannels = baseWidth << depth;
        _inConv = new DoubleConv(inChannels, baseWidth);
        for (var level = 0; level < depth; level++)
            _downs.Add(new Down(baseWidth << level, baseWidth << (level + 1)));
        for (var level = depth; level > 0; level--)
            _ups.Add(new Up(baseWidth << level, baseWidth << (level - 1)));
        _head = Conv2d(baseWidth, outChannels, kernel_size: 1);
        RegisterComponents();
    }

    public int Depth { get; }

    /// <summary>Channels at the bottom of the U (the study: 1024).</summary>
    public int BottleneckChannels { get; }

    public DoubleConv InConv => _inConv;

    public IReadOnlyList<Down> Downs => _downs.ToList();

    public IReadOnlyList<Up> Ups => _ups.ToList();

    public Conv2d Head => _head;

    /// <summary>(N, inChannels, H, W) -> logits (N, outChannels, H, W); H and W divisible by 2^depth.</summary>
    public override Tensor forward(Tensor input)
    {
        NetworkArguments.SpatialMultiple(input, 1 << Depth, nameof(UNet));
        using var scope = NewDisposeScope();
        var skips = new List<Tensor> { _inConv.call(input) };
        foreach (var down in _downs) skips.Add(down.call(skips[^1]));
        var x = skips[^1];
        for (var i = 0; i < _ups.Count; i++) x = _ups[i].call(x, skips[^(i + 2)]);
        return _head.call(x).MoveToOuterDisposeScope();
    }
}
