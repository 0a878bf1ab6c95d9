using System.Text.Json.Serialization;

namespace BrainAug.Contracts.Training;

/// <summary>
/// summary.json of a training run, written by the trainer when the run finishes: what it trained on and how, for
/// the tools that follow (the experiment takes N from a real arm's <see cref="TrainingImages"/>; the report shows
/// the device and the stage times).
/// </summary>
public sealed record RunSummary : IContract
{
    public const string FileName = "summary.json";

    public static int CurrentSchemaVersion => 1;

    public static string Remedy => "train the run again with this build";

    public int SchemaVersion { get; init; } = CurrentSchemaVersion;

    public required NetworkKind Kind { get; init; }

    /// <summary>Images (or label maps, or pairs) trained on per epoch, augmented copies and synthetic slices included.</summary>
    public required int TrainingImages { get; init; }

    /// <summary>The real slices of the training cases among <see cref="TrainingImages"/>.</summary>
    public required int RealTrainingImages { get; init; }

    public required int ValidationImages { get; init; }

    /// <summary>What trained, as the trainer describes it (e.g. "cpu, 1 thread").</summary>
    public required string Device { get; init; }

    /// <summary>The precision the run trained in (never auto).</summary>
    public required Precision Precision { get; init; }

    /// <summary>Why that precision: "asked for", or what --precision auto found on this machine.</summary>
    public string PrecisionReason { get; init; } = "asked for";

    public required int EpochsRun { get; init; }

    /// <summary>The validation loss the saved weights reached (the brain generator: the last epoch's L1; the tumour
    /// generator has no validation: null).</summary>
    public required double? BestValidationLoss { get; init; }

    public required DateTimeOffset Started { get; init; }

    public required DateTimeOffset Finished { get; init; }

    /// <summary>Seconds of training in this process (a resumed run counts only its own part).</summary>
    public required double Seconds { get; init; }

    /// <summary>The BrainAug build that wrote the file (<see cref="ProductVersion"/>); null in files written before
    /// versions were recorded.</summary>
    [JsonPropertyName("brainaug_version")]
    public string? BrainAugVersion { get; init; }
}
