namespace BrainAug.Trainer.Training;

/// <summary>Everything a Tumour Generator (DCGAN) run depends on; written to config.json.</summary>
public sealed record TumourConfig : RunConfig
{
    public int NoiseSize { get; init; } = 100;

    public int GeneratorWidth { get; init; } = 32;

    public int DiscriminatorWidth { get; init; } = 32;
}
