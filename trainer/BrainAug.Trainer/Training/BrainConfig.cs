namespace BrainAug.Trainer.Training;

/// <summary>Everything a Brain Generator (pix2pix) run depends on; written to config.json.</summary>
public sealed record BrainConfig
{
    public required string Data { get; init; }

    public required string Out { get; init; }

    public string Command { get; init; } = "";

    public string Preset { get; init; } = "cpu";

    /// <summary>Generated image channels.</summary>
    public string Modalities { get; init; } = "t1ce";

    /// <summary>The label map conditioning the generator: et/tc/wt (one channel) or multiclass (three).</summary>
    public string Region { get; init; } = "et";

    /// <summary>label (the study: tumour map only) or label+outline (plus the brain mask of a real slice).</summary>
    public string Condition { get; init; } = "label";

    public string Policy { get; init; } = "tumour";

    public int Size { get; init; } = 240;

    public int Downs { get; init; } = 4;

    public int GeneratorWidth { get; init; } = 64;

    public int DiscriminatorWidth { get; init; } = 64;

    public int DiscriminatorLayers { get; init; } = 3;

    /// <summary>Weight of the L1 term (pix2pix: 100).</summary>
    public double Lambda { get; init; } = 100;

    public int BatchSize { get; init; } = 1;

    public int Epochs { get; init; } = 100;

    public double LearningRate { get; init; } = 2e-4;

    public ulong Seed { get; init; } = 1;

    public double Validation { get; init; } = 0.1;

    public double Test { get; init; } = 0.2;

    public string Device { get; init; } = "auto";

    public bool MultiClass => Region == "multiclass";

    public bool WithOutline => Condition == "label+outline";

    public int ConditionChannels => LabelChannels.Count(MultiClass) + (WithOutline ? 1 : 0);
}
