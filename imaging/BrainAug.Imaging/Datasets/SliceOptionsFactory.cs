namespace BrainAug.Imaging.Datasets;

/// <summary>Slice options from command-line words (shared by the trainer's commands and the clients, which read
/// them from a model's training config).</summary>
public static class SliceOptionsFactory
{
    public static SliceOptions Create(string modalities, string region, string policy, int size, string normalisation = "minmax") => new()
    {
        Modalities = modalities.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Modalities.Parse).ToList(),
        Region = region switch
        {
            "et" => TumourRegion.EnhancingTumour,
            "tc" => TumourRegion.TumourCore,
            "wt" => TumourRegion.WholeTumour,
            "multiclass" or "regions" => null, // the internal classes; the trainer derives WT, TC, ET from them
            _ => throw new FormatException($"unknown region '{region}'; expected et, tc, wt, multiclass or regions"),
        },
        Policy = SlicePolicy.Parse(policy),
        Normalisation = normalisation switch
        {
            "minmax" => Normalisation.MinMax,
            "zscore" => Normalisation.ZScoreBrain,
            "none" => Normalisation.None,
            _ => throw new FormatException($"unknown normalisation '{normalisation}'; expected minmax, zscore or none"),
        },
        Size = size,
    };
}
