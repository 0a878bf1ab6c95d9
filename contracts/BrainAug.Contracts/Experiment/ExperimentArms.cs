namespace BrainAug.Contracts.Experiment;

/// <summary>The experiment's arms, in the order they are run and reported: what each Seg-DNN trains on.</summary>
public static class ExperimentArms
{
    public const string Real = "real", Geometric = "geometric", Synthetic = "synthetic", SyntheticOnly = "synthetic-only", Both = "both";

    public static readonly IReadOnlyList<string> All = [Real, Geometric, Synthetic, SyntheticOnly, Both];

    /// <summary>The served (and trained) name of an arm's Seg-DNN for one seed.</summary>
    public static string ModelName(string arm, int seed) => $"seg-{arm}-s{seed}";
}
