namespace BrainAug.Trainer.Training;

/// <summary>Everything a Seg-DNN run depends on; written to the run's config.json.</summary>
public sealed record SegConfig
{
    public required string Data { get; init; }

    public required string Out { get; init; }

    public string Command { get; init; } = "";

    public string Preset { get; init; } = "cpu";

    public string Modalities { get; init; } = "t1ce";

    /// <summary>et, tc, wt (binary, BCE-with-logits) or multiclass (4 classes, cross-entropy).</summary>
    public string Region { get; init; } = "et";

    public string Policy { get; init; } = "z77";

    public int Size { get; init; } = 240;

    public int BaseWidth { get; init; } = 64;

    public int Depth { get; init; } = 4;

    public int BatchSize { get; init; } = 10;

    public int Epochs { get; init; } = 50;

    public double LearningRate { get; init; } = 1e-4;

    /// <summary>The study dropped the rate to 5e-6 late in training: from <see cref="LateFromEpoch"/> on.</summary>
    public double LateLearningRate { get; init; } = 5e-6;

    public int LateFromEpoch { get; init; } = 40;

    /// <summary>Early stopping: epochs without a better validation loss before stopping (0 = never).</summary>
    public int Patience { get; init; } = 10;

    /// <summary>none; copies (the study's "real + N transformed copies", fixed before training); online.</summary>
    public string Augment { get; init; } = "none";

    public int AugmentCopies { get; init; }

    public ulong Seed { get; init; } = 1;

    public double Validation { get; init; } = 0.1;

    public double Test { get; init; } = 0.2;

    public string Device { get; init; } = "auto";

    /// <summary>fp32, or bf16 (bf16 compute, fp32 master weights and Adam state).</summary>
    public string Precision { get; init; } = "fp32";

    public bool MultiClass => Region == "multiclass";
}
