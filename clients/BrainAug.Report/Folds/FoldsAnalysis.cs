using BrainAug.Report.Experiment;

namespace BrainAug.Report.Folds;

/// <summary>An arm pooled over the folds: mean Dice over every fold's seeds and test cases with its interval, and its
/// difference from the real arm (null for real).</summary>
public sealed record PooledArm(string Arm, BootstrapDifference Dice, BootstrapDifference? VersusReal);

/// <param name="Runs">How many cross-validations the folds come from (1 unless several were pooled).</param>
/// <param name="ComparatorSeeds">How many times <paramref name="SeedsPerFold"/> the geometric arm trained per fold.</param>
/// <param name="FoldMeans">Each fold's mean Dice per arm, by the fold's label (<see cref="FoldRun.Label"/>), in order.</param>
public sealed record FoldsResult(int Folds, int Runs, IReadOnlyList<string> Arms, int SeedsPerFold, int ComparatorSeeds, int TestCases, int Resamples,
    IReadOnlyDictionary<(string Fold, string Arm), double> FoldMeans, IReadOnlyList<PooledArm> Pooled, IReadOnlyList<HeadToHead> HeadToHead);

/// <summary>
/// A cross-validation's numbers: each arm's Dice and its differences (against real, and the study's head-to-head
/// synthetic - geometric and both - geometric), pooled over the folds with <see cref="BootstrapDifference.OverFolds"/>,
/// so the intervals cover the test cases, the seeds and the folds' trainings; and each fold's own means, to show
/// the spread between them.
/// </summary>
public static class FoldsAnalysis
{
    public static FoldsResult Analyse(IReadOnlyList<FoldRun> folds, ulong seed)
    {
        var arms = folds[0].Run.Arms;
        BootstrapDifference Pool(Func<FoldRun, double[,]> cells) => BootstrapDifference.OverFolds([.. folds.Select(cells)], seed);
        var pooled = arms.Select(arm => new PooledArm(arm, Pool(f => f.Dice[arm]),
            arm == "real" || !arms.Contains("real") ? null : Pool(f => ResultsTable.Subtract(f.Dice[arm], f.Dice["real"])))).ToList();
        var headToHead = arms.Contains("geometric")
            ? ResultsTable.HeadToHeadArms.Where(arms.Contains)
                .Select(arm => new HeadToHead(arm, "geometric", Pool(f => ResultsTable.Subtract(f.Dice[arm], f.Dice["geometric"])))).ToList()
            : [];
        var foldMeans = folds.SelectMany(f => arms.Select(arm => ((f.Label, arm), f.Dice[arm].Cast<double>().Average())))
            .ToDictionary(p => p.Item1, p => p.Item2);
        var runs = folds.Select(f => f.CrossValidation).Distinct().Count();
        return new FoldsResult(folds.Count, runs, arms, folds[0].Run.Seeds.Count, folds[0].Run.Record.ComparatorSeeds, folds.Sum(f => f.TestCases.Count), BootstrapDifference.DefaultResamples,
            foldMeans, pooled, headToHead);
    }
}
