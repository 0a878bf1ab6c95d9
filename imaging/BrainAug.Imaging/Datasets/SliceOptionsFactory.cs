using BrainAug.Contracts;
using BrainAug.Contracts.Imaging;
using BrainAug.Contracts.Training;

namespace BrainAug.Imaging.Datasets;

/// <summary>Slice options from command-line words (shared by the trainer's commands and the clients, which read
/// them from a model's training config).</summary>
public static class SliceOptionsFactory
{
    public static SliceOptions Create(string modalities, string region, string policy, int size, string normalisation = "minmax") => new()
    {
        Modalities = modalities.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Modalities.Parse).ToList(),
        Region = Region(region),
        Policy = SlicePolicy.Parse(policy),
        Normalisation = ParseNormalisation(normalisation),
        Size = size,
    };

    public static Normalisation ParseNormalisation(string word) => word switch
    {
        "minmax" => Normalisation.MinMax,
        "zscore" => Normalisation.ZScoreBrain,
        "none" => Normalisation.None,
        _ => throw new FormatException($"unknown normalisation '{word}'; expected minmax, zscore or none"),
    };

    /// <summary>The command-line word of a normalisation (the inverse of <see cref="ParseNormalisation"/>).</summary>
    public static string Word(Normalisation normalisation) => normalisation switch
    {
        Normalisation.MinMax => "minmax",
        Normalisation.ZScoreBrain => "zscore",
        _ => "none",
    };

    /// <summary>The slices' binary target for a --region word, or null for multiclass and regions: the internal classes,
    /// from which the trainer derives WT, TC and ET.</summary>
    private static TargetRegion? Region(string word)
    {
        var target = Enum.GetValues<TargetRegion>().Where(t => Words.Of(t) == word).Select(t => (TargetRegion?)t).FirstOrDefault()
            ?? throw new FormatException($"unknown region '{word}'; expected {string.Join(", ", Words.All<TargetRegion>())}");
        return BratsRegions.IsRegion(target) ? target : null;
    }
}
