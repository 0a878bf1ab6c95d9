using System.Text.Json.Serialization;

namespace BrainAug.Contracts.Training;

/// <summary>
/// config.json of a training run: everything the run depends on, written by the trainer when it starts and read by
/// the trainer on --resume and by the exporter. <see cref="Kind"/> (JSON "kind") says which network's config it is.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(SegConfig), "seg")]
[JsonDerivedType(typeof(TumourConfig), "tumour")]
[JsonDerivedType(typeof(BrainConfig), "brain")]
public abstract record TrainingConfig : IContract
{
    public const string FileName = "config.json";

    public static int CurrentSchemaVersion => 1;

    public static string Remedy => "train the run again with this build (a run cannot be resumed or exported across schema versions)";

    public int SchemaVersion { get; init; } = CurrentSchemaVersion;

    [JsonIgnore]
    public abstract NetworkKind Kind { get; }

    public required string Data { get; init; }

    /// <summary>A slice store prepared from <see cref="Data"/> (brainaug-trainer prepare) to read the slices from; null:
    /// they are cut from the NIfTI files.</summary>
    public string? Store { get; init; }

    /// <summary>With <see cref="Store"/>: read every slice into memory before training (faster where it fits); false:
    /// read them a batch at a time, so memory does not grow with the data set.</summary>
    public bool InMemory { get; init; }

    public required string Out { get; init; }

    /// <summary>The exact command line that started the run.</summary>
    public string Command { get; init; } = "";

    /// <summary>The trainer preset the values started from (small or paper).</summary>
    public string Preset { get; init; } = "small";

    public TargetRegion Region { get; init; } = TargetRegion.Et;

    /// <summary>Slices: z&lt;index&gt;, tumour[:&lt;min voxels&gt;], max or all.</summary>
    public string Policy { get; init; } = "z77";

    /// <summary>Slice (or label map) side in pixels.</summary>
    public int Size { get; init; } = 240;

    public int BatchSize { get; init; } = 1;

    public int Epochs { get; init; } = 30;

    public double LearningRate { get; init; } = 2e-4;

    public ulong Seed { get; init; } = 1;

    /// <summary>split.json to train on (<see cref="Data.SplitFile"/>); null: the split is made from
    /// <see cref="SplitSeed"/>, <see cref="Validation"/> and <see cref="Test"/>.</summary>
    public string? SplitFile { get; init; }

    /// <summary>Seed of the train/validation/test split by case. Kept apart from <see cref="Seed"/> so that runs with
    /// different seeds (the experiment's repeats) see the same real images and the same test cases.</summary>
    public ulong SplitSeed { get; init; } = 1;

    public double Validation { get; init; } = 0.1;

    public double Test { get; init; } = 0.2;

    /// <summary>auto (CUDA when present), cpu or cuda.</summary>
    public string Device { get; init; } = "auto";

    /// <summary>libtorch's CPU threads; 0 = one per core. Part of what makes a run repeatable bit for bit.</summary>
    public int Threads { get; init; }

    /// <summary>The Seg-DNN is a softmax over the internal classes.</summary>
    [JsonIgnore]
    public bool MultiClass => Region == TargetRegion.Multiclass;

    /// <summary>The Seg-DNN has one sigmoid channel per BraTS region (WT, TC, ET: <see cref="Imaging.BratsRegions"/>).</summary>
    [JsonIgnore]
    public bool Regions => Region == TargetRegion.Regions;

    /// <summary>Slices keep the internal classes (multi-class and regions) rather than one binary region.</summary>
    [JsonIgnore]
    public bool InternalLabels => MultiClass || Regions;

    /// <summary>Label channels of a generator: three one-hot classes (internal labels) or one region.</summary>
    [JsonIgnore]
    public int LabelChannels => InternalLabels ? 3 : 1;

    /// <summary>The Seg-DNN's output channels: four classes, three regions or one region.</summary>
    [JsonIgnore]
    public int SegChannels => MultiClass ? 4 : Regions ? 3 : 1;
}
