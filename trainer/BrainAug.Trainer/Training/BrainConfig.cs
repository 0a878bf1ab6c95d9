namespace BrainAug.Trainer.Training;

/// <summary>Everything a Brain Generator (pix2pix) run depends on; written to config.json.</summary>
public sealed record BrainConfig : RunConfig
{
    /// <summary>Generated image channels.</summary>
    public string Modalities { get; init; } = "t1ce";

    /// <summary>label (the study: tumour map only) or label+outline (plus the brain mask of a real slice).</summary>
    public string Condition { get; init; } = "label";

    public int Downs { get; init; } = 4;

    public int GeneratorWidth { get; init; } = 64;

    public int DiscriminatorWidth { get; init; } = 64;

    public int DiscriminatorLayers { get; init; } = 3;

    /// <summary>Weight of the L1 term (pix2pix: 100).</summary>
    public double Lambda { get; init; } = 100;

    public bool WithOutline => Condition == "label+outline";

    public int ConditionChannels => LabelChannels.Count(MultiClass) + (WithOutline ? 1 : 0);
}
