namespace BrainAug.Trainer.Training;

/// <summary>Everything a Tumour Generator (DCGAN) run depends on; written to config.json.</summary>
public sealed record TumourConfig
{
    public required string Data { get; init; }

    public required string Out { get; init; }

    public string Command { get; init; } = "";

    public string Preset { get; init; } = "cpu";

    /// <summary>et/tc/wt: one mask channel; multiclass: three one-hot channels.</summary>
    public string Region { get; init; } = "et";

    public string Policy { get; init; } = "tumour";

    public int ImageSize { get; init; } = 128;

    public int NoiseSize { get; init; } = 100;

    public int GeneratorWidth { get; init; } = 32;

    public int DiscriminatorWidth { get; init; } = 32;

    public int BatchSize { get; init; } = 1;

    public int Epochs { get; init; } = 30;

    public double LearningRate { get; init; } = 2e-4;

    public ulong Seed { get; init; } = 1;

    public double Validation { get; init; } = 0.1;

    public double Test { get; init; } = 0.2;

    public string Device { get; init; } = "auto";

    public bool MultiClass => Region == "multiclass";
}
