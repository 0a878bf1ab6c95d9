using System.Text.Json.Serialization;

namespace BrainAug.Contracts.Training;

/// <summary>Everything a Seg-DNN run depends on.</summary>
public sealed record SegConfig : TrainingConfig
{
    [JsonIgnore]
    public override NetworkKind Kind => NetworkKind.Seg;

    /// <summary>Image channels, comma-separated (flair,t1,t1ce,t2).</summary>
    public string Modalities { get; init; } = "t1ce";

    public int BaseWidth { get; init; } = 64;

    public int Depth { get; init; } = 4;

    /// <summary>The study dropped the rate to 5e-6 late in training: from <see cref="LateFromEpoch"/> on.</summary>
    public double LateLearningRate { get; init; } = 5e-6;

    public int LateFromEpoch { get; init; } = 40;

    /// <summary>Early stopping: epochs without a better validation loss before stopping (0 = never).</summary>
    public int Patience { get; init; } = 10;

    public Augmentation Augment { get; init; } = Augmentation.None;

    /// <summary>Transformed copies for <see cref="Augmentation.Copies"/>; 0 = as many as real training slices (the study's N).</summary>
    public int AugmentCopies { get; init; }

    /// <summary>A synthetic dataset (written by brainaug-client augment) whose slices join the training set only;
    /// validation and test stay real. Null: real data only.</summary>
    public string? Synthetic { get; init; }

    /// <summary>Train on the <see cref="Synthetic"/> slices alone (the experiment's "synthetic only" arm); the real
    /// dataset then gives only the validation slices (and the evaluation client its test cases).</summary>
    public bool SyntheticOnly { get; init; }

    /// <summary>Give each synthetic pair one random geometric transform (drawn once, like the copies, from its own
    /// stream of <see cref="TrainingConfig.Seed"/>), as practice augments synthetic data too.</summary>
    public bool TransformSynthetic { get; init; }

    public SegLoss Loss { get; init; } = SegLoss.Bce;

    public HeadBias HeadBias { get; init; } = HeadBias.Default;

    /// <summary>Decay per step of the exponential moving average of the weights that is validated and saved; 0 = no
    /// average, the last weights are saved. In bf16 the BatchNorm statistics reach the average once per epoch.</summary>
    public double WeightAverageDecay { get; init; }

    /// <summary>What was asked; auto is resolved per machine and the run summary says what it chose and why.</summary>
    public Precision Precision { get; init; } = Precision.Auto;

    [JsonIgnore]
    public int ModalityCount => Modalities.Split(',', StringSplitOptions.RemoveEmptyEntries).Length;
}
