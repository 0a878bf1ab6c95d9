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

    /// <summary>Whether every training map was moved so that its tumour is centred (<see cref="Imaging.LabelCentring"/>):
    /// the generator then draws shapes, not places, and the augmentation client must place them (--centre random).</summary>
    public bool CentredMaps { get; init; }

    /// <summary>Weight of the R1 penalty on the discriminator's gradient at real maps; 0 for the study's plain DCGAN.</summary>
    public double R1Gamma { get; init; }
}
