namespace BrainAug.Trainer.Training;

/// <summary>Everything a Seg-DNN run depends on; written to the run's config.json.</summary>
public sealed record SegConfig : RunConfig
{
    public string Modalities { get; init; } = "t1ce";

    public int BaseWidth { get; init; } = 64;

    public int Depth { get; init; } = 4;

    /// <summary>The study dropped the rate to 5e-6 late in training: from <see cref="LateFromEpoch"/> on.</summary>
    public double LateLearningRate { get; init; } = 5e-6;

    public int LateFromEpoch { get; init; } = 40;

    /// <summary>Early stopping: epochs without a better validation loss before stopping (0 = never).</summary>
    public int Patience { get; init; } = 10;

    /// <summary>none; copies (the study's "real + N transformed copies", fixed before training); online.</summary>
    public string Augment { get; init; } = "none";

    /// <summary>Transformed copies for <see cref="Augment"/> copies; 0 = as many as real training slices (the study's N).</summary>
    public int AugmentCopies { get; init; }

    /// <summary>A synthetic dataset (written by brainaug-client augment) whose slices join the training set only;
    /// validation and test stay real. Null: real data only.</summary>
    public string? Synthetic { get; init; }

    /// <summary>Train on the <see cref="Synthetic"/> slices alone (the experiment's "synthetic only" arm); the real
    /// dataset then gives only the validation slices (and the evaluation client its test cases).</summary>
    public bool SyntheticOnly { get; init; }

    /// <summary>bce (the study's binary cross-entropy) or bce+dice (plus a soft Dice term over the batch, as nnU-Net
    /// trains: a small target no longer lets the network win by predicting background everywhere). One region only.</summary>
    public string Loss { get; init; } = "bce";

    /// <summary>default (the network's own initialisation, the study's) or prior (<see cref="HeadPrior"/>: the last
    /// layer starts predicting each class at its share of the training pixels).</summary>
    public string HeadBias { get; init; } = "default";

    /// <summary>Decay per step of the exponential moving average of the weights that is validated and saved
    /// (<see cref="WeightAverage"/>); 0 = no average, the last weights are saved. In bf16 the BatchNorm statistics
    /// reach the average once per epoch (when the compute network hands them back).</summary>
    public double WeightAverageDecay { get; init; }

    /// <summary>fp32, or bf16 (bf16 compute, fp32 master weights and Adam state).</summary>
    public string Precision { get; init; } = "fp32";
}
