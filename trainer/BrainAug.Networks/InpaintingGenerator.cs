using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace BrainAug.Networks;

/// <summary>
/// Brain Generator that paints a tumour into a real slice: the pix2pix U-Net generator sees the host slice blanked
/// inside the region, the region and the tumour label, and the result is host * (1 - region) + generated * region,
/// so pixels outside the region are exactly the host's (GliGAN's and medigan's BraTS model's design).
/// Condition channels: host modalities, region, label channels (see BrainAug.Contracts.Imaging.InpaintCondition).
/// </summary>
public sealed class InpaintingGenerator : Module<Tensor, Tensor>
{
    private readonly Pix2PixGenerator _painter;

    public InpaintingGenerator(int modalities, int labelChannels, int downs, int width) : base(nameof(InpaintingGenerator))
    {
        NetworkArguments.Positive(nameof(modalities), modalities);
        NetworkArguments.Positive(nameof(labelChannels), labelChannels);
        Modalities = modalities;
        _painter = new Pix2PixGenerator(modalities + 1 + labelChannels, modalities, downs, width);
        RegisterComponents();
    }

    public int Modalities { get; }

    /// <summary>The U-Net that paints the region (read by the ONNX exporter).</summary>
    public Pix2PixGenerator Painter => _painter;

    public override Tensor forward(Tensor condition)
    {
        using var scope = NewDisposeScope();
        var (blanked, region) = Blank(condition, Modalities);
        var rest = condition.narrow(1, Modalities, condition.shape[1] - Modalities);
        var painted = _painter.call(cat([blanked, rest], dim: 1));
        return (blanked + painted * region).MoveToOuterDisposeScope();
    }

    /// <summary>The host with the region set to 0, and the region as 0/1, from a condition tensor.</summary>
    public static (Tensor Blanked, Tensor Region) Blank(Tensor condition, int modalities)
    {
        var region = (condition.narrow(1, modalities, 1) + 1) * 0.5;
        return (condition.narrow(1, 0, modalities) * (1 - region), region);
    }
}
