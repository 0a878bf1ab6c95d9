namespace BrainAug.Contracts.Data;

/// <summary>
/// split.json: a dataset's cases divided into training, validation and test (by case, never by slice), written once
/// per dataset and split seed and read by every tool that trains, generates from or scores those cases, so that
/// all of them see the same sets. The fractions and seed record how it was made.
/// </summary>
public sealed record SplitFile : IContract
{
    public const string FileName = "split.json";

    public static int CurrentSchemaVersion => 1;

    public static string Remedy => "write it again: rerun the experiment, or brainaug-trainer slices";

    public int SchemaVersion { get; init; } = CurrentSchemaVersion;

    /// <summary>The dataset folder the case ids belong to.</summary>
    public required string Data { get; init; }

    public required ulong SplitSeed { get; init; }

    public required double ValidationFraction { get; init; }

    public required double TestFraction { get; init; }

    public required IReadOnlyList<string> Train { get; init; }

    public required IReadOnlyList<string> Validation { get; init; }

    public required IReadOnlyList<string> Test { get; init; }
}
