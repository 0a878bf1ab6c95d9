using System.Text.Json.Serialization;

namespace BrainAug.Contracts.Evaluation;

/// <summary>Mean, standard deviation (population) and median of one metric.</summary>
public sealed record Statistic(double Mean, double Std, double Median);

/// <summary>One model's scores for one region on the test slices: statistics per metric (dice, iou, hd95_mm,
/// precision, recall, area_error_mm2) over images and over cases, and the study's pooled Dice.</summary>
public sealed record ModelScores
{
    public required string Model { get; init; }

    public required long Version { get; init; }

    /// <summary>The region scored: the model's own (et, tc, wt), or for a regions model one entry each for wt, tc, et.</summary>
    public required string Region { get; init; }

    public required string Sha256 { get; init; }

    public required int Images { get; init; }

    public required int Cases { get; init; }

    /// <summary>Test images empty in both truth and prediction (scored 1 for overlap).</summary>
    public required int EmptyVsEmptyImages { get; init; }

    public required IReadOnlyDictionary<string, Statistic> PerImage { get; init; }

    public required IReadOnlyDictionary<string, Statistic> PerCase { get; init; }

    public required double StudyPooledDice { get; init; }
}

/// <summary>
/// The evaluation's summary.json (beside per_image.csv and per_case.csv), written by brainaug-client evaluate and
/// read by the report: how the models were scored and each model's scores.
/// </summary>
public sealed record EvaluationSummary : IContract
{
    public const string FileName = "summary.json";

    /// <summary>2: models scored per region (a region field; a regions model has three entries).</summary>
    public static int CurrentSchemaVersion => 2;

    public static string Remedy => "run brainaug-client evaluate again with this build";

    public int SchemaVersion { get; init; } = CurrentSchemaVersion;

    public required string CommandLine { get; init; }

    public required string Data { get; init; }

    /// <summary>The cases scored: test (the default) or validation.</summary>
    public required string Split { get; init; }

    /// <summary>The split.json the cases came from, or null when the split was made from the seed and fractions.</summary>
    public string? SplitFile { get; init; }

    public required ulong SplitSeed { get; init; }

    public required double ValidationFraction { get; init; }

    public required double TestFraction { get; init; }

    public required double Threshold { get; init; }

    /// <summary>What study_pooled_dice means.</summary>
    public required string StudyPooledDiceDefinition { get; init; }

    /// <summary>How empty masks are scored.</summary>
    public required string EmptyMasks { get; init; }

    /// <summary>How a regions model's WT, TC and ET are scored.</summary>
    public required string RegionsDefinition { get; init; }

    /// <summary>How per-case figures are pooled.</summary>
    public required string PerCaseDefinition { get; init; }

    public required IReadOnlyList<ModelScores> Models { get; init; }

    /// <summary>The BrainAug build that wrote the file (<see cref="ProductVersion"/>); null in files written before
    /// versions were recorded.</summary>
    [JsonPropertyName("brainaug_version")]
    public string? BrainAugVersion { get; init; }
}
