using System.Text.Json.Serialization;

namespace BrainAug.Clients.Augmentation;

/// <summary>The model version that made part of a sample.</summary>
public sealed record ModelStamp(string Name, long Version, string Sha256);

/// <summary>One line of manifest.jsonl: everything needed to trace and reproduce one synthetic pair.</summary>
/// <param name="TumourIndex">The tumour generator's sample index (noise CounterNoise(seed, tumour_index)); unused with --tumours real.</param>
/// <param name="Attempts">Tumours drawn for this sample; the earlier ones were rejected.</param>
/// <param name="HostCase">The real training slice that gave the brain outline or, for inpainting, the host slice.</param>
public sealed record SampleRecord(
    string SampleId, ulong Seed, int Index, ulong TumourIndex, int Attempts, ModelStamp TumourModel, ModelStamp BrainModel,
    string? HostCase, int? HostSlice, Placement Placement, string Labels, double SpacingMm, DateTimeOffset Created)
{
    /// <summary>With --tumours real: the real training slice whose tumour map was placed (then TumourIndex is unused).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? TumourCase { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? TumourSlice { get; init; }
}
