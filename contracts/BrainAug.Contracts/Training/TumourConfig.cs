using System.Text.Json.Serialization;

namespace BrainAug.Contracts.Training;

/// <summary>Everything a Tumour Generator (DCGAN) run depends on.</summary>
public sealed record TumourConfig : TrainingConfig
{
    [JsonIgnore]
    public override NetworkKind Kind => NetworkKind.Tumour;

    public int NoiseSize { get; init; } = 100;

    public int GeneratorWidth { get; init; } = 32;

    public int DiscriminatorWidth { get; init; } = 32;
}
