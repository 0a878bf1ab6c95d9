namespace BrainAug.Contracts.Experiment;

/// <summary>The experiment's arms, in the order they are run and reported: what each Seg-DNN trains on.</summary>
public static class ExperimentArms
{
    public const string Real = "real", Geometric = "geometric", Synthetic = "synthetic", SyntheticOnly = "synthetic-only", Both = "both";

    public static readonly IReadOnlyList<string> All = [Real, Geometric, Synthetic, SyntheticOnly, Both];

    /// <summary>
    /// The Seg-DNN seeds an arm trains, 1..n: <paramref name="seeds"/>, and <paramref name="comparatorSeeds"/> times as
    /// many for the geometric arm, which both of the study's head-to-head contrasts (synthetic - geometric, both -
    /// geometric) are measured against. Why: a contrast's noise is the sum of both arms' seed-to-seed noise, and an arm
    /// every contrast shares is worth more seeds than the others (a shared control, as in Dunnett's many-to-one design).
    /// </summary>
    public static IReadOnlyList<int> Seeds(string arm, int seeds, int comparatorSeeds) =>
        [.. Enumerable.Range(1, arm == Geometric ? seeds * comparatorSeeds : seeds)];

    /// <summary>The served (and trained) name of an arm's Seg-DNN for one seed.</summary>
    public static string ModelName(string arm, int seed) => $"seg-{arm}-s{seed}";
}
