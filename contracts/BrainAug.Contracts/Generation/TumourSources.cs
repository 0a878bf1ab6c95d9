namespace BrainAug.Contracts.Generation;

/// <summary>
/// Where the augmentation client takes each new tumour's label map from (brainaug-client augment and
/// brainaug-experiment --tumours; recorded in experiment.json). "generated": the tumour
/// generator draws it (the study's design). "real": a real training tumour from a random training slice, then moved,
/// scaled and rotated like a generated one and painted by the inpainting brain generator (Shin et al. 2018 edited real
/// label maps the same way); it measures what a tumour generator that drew real-looking maps would be worth.
/// </summary>
public static class TumourSources
{
    public const string Generated = "generated";
    public const string Real = "real";

    public static readonly string[] Choices = [Generated, Real];
}
