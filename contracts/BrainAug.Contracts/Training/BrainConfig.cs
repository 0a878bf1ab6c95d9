using System.Text.Json.Serialization;
using BrainAug.Contracts.Imaging;

namespace BrainAug.Contracts.Training;

/// <summary>Everything a Brain Generator (pix2pix) run depends on.</summary>
public sealed record BrainConfig : TrainingConfig
{
    [JsonIgnore]
    public override NetworkKind Kind => NetworkKind.Brain;

    /// <summary>Generated image channels.</summary>
    public string Modalities { get; init; } = "t1ce";

    public BrainCondition Condition { get; init; } = BrainCondition.Label;

    public int Downs { get; init; } = 4;

    public int GeneratorWidth { get; init; } = 64;

    public int DiscriminatorWidth { get; init; } = 64;

    public int DiscriminatorLayers { get; init; } = 3;

    /// <summary>Weight of the L1 term (pix2pix: 100).</summary>
    public double Lambda { get; init; } = 100;

    /// <summary>Inpainting: pixels the region reaches beyond the tumour label (a disc of this radius).</summary>
    public int RegionMargin { get; init; } = 3;

    [JsonIgnore]
    public bool WithOutline => Condition == BrainCondition.LabelOutline;

    [JsonIgnore]
    public bool Inpaints => Condition == BrainCondition.Inpaint;

    [JsonIgnore]
    public int ModalityCount => Modalities.Split(',', StringSplitOptions.RemoveEmptyEntries).Length;

    /// <summary>label [+ outline], or for inpainting: the host's modalities, the region, the label.</summary>
    [JsonIgnore]
    public int ConditionChannels => Inpaints ? InpaintCondition.Channels(ModalityCount, LabelChannels) : LabelChannels + (WithOutline ? 1 : 0);
}
