namespace BrainAug.Trainer.Training;

/// <summary>What every training run depends on; each network's config adds its own values.
/// The whole derived record is written to the run's config.json.</summary>
public abstract record RunConfig
{
    public required string Data { get; init; }

    public required string Out { get; init; }

    /// <summary>The exact command line that started the run.</summary>
    public string Command { get; init; } = "";

    public string Preset { get; init; } = "cpu";

    /// <summary>et, tc, wt (one binary target) or multiclass (the internal classes).</summary>
    public string Region { get; init; } = "et";

    public string Policy { get; init; } = "z77";

    /// <summary>Slice (or label map) side in pixels.</summary>
    public int Size { get; init; } = 240;

    public int BatchSize { get; init; } = 1;

    public int Epochs { get; init; } = 30;

    public double LearningRate { get; init; } = 2e-4;

    public ulong Seed { get; init; } = 1;

    /// <summary>Seed of the train/validation/test split by case. Kept apart from <see cref="Seed"/> so that runs with
    /// different seeds (the experiment's repeats) see the same real images and the same test cases.</summary>
    public ulong SplitSeed { get; init; } = 1;

    public double Validation { get; init; } = 0.1;

    public double Test { get; init; } = 0.2;

    public string Device { get; init; } = "auto";

    /// <summary>libtorch's CPU threads; 0 = one per core. Part of what makes a run repeatable bit for bit.</summary>
    public int Threads { get; init; }

    public bool MultiClass => Region == "multiclass";
}
