using BrainAug.Imaging.Common;

namespace BrainAug.Report.Experiment;

/// <summary>
/// An arm's Dice minus the real arm's, with a 95 % interval that accounts for both the test cases and the training
/// seeds: a two-way bootstrap that resamples seeds and test cases independently, with replacement, keeps each
/// (seed, case) pair's arm and real Dice together (same seed, same case: paired), and takes the 2.5th and 97.5th
/// percentiles of the mean difference. Its half-width is the smallest difference this design detects.
/// </summary>
public sealed record BootstrapDifference(double Mean, double Low, double High, int Seeds, int Cases, int Resamples)
{
    public const int DefaultResamples = 4000;

    public double HalfWidth => (High - Low) / 2;

    /// <summary><paramref name="differences"/>[s, c]: arm minus real Dice of seed s on test case c.</summary>
    public static BootstrapDifference Of(double[,] differences, ulong seed, int resamples = DefaultResamples)
    {
        int seeds = differences.GetLength(0), cases = differences.GetLength(1);
        if (seeds < 1 || cases < 2) throw new ArgumentException($"a bootstrap needs at least one seed and two test cases, not {seeds} and {cases}");
        var random = new SeededRandom(seed);
        var means = new double[resamples];
        var drawnSeeds = new int[seeds];
        var drawnCases = new int[cases];
        for (var b = 0; b < resamples; b++)
        {
            for (var s = 0; s < seeds; s++) drawnSeeds[s] = random.NextInt(0, seeds);
            for (var c = 0; c < cases; c++) drawnCases[c] = random.NextInt(0, cases);
            var sum = 0.0;
            foreach (var s in drawnSeeds)
                foreach (var c in drawnCases) sum += differences[s, c];
            means[b] = sum / (seeds * cases);
        }
        Array.Sort(means);
        var mean = 0.0;
        foreach (var d in differences) mean += d;
        return new BootstrapDifference(mean / (seeds * cases), Percentile(means, 0.025), Percentile(means, 0.975), seeds, cases, resamples);
    }

    /// <summary>
    /// The same over the folds of a cross-validation, where each fold has its own training (its own training cases,
    /// generators and Seg-DNN seeds) and its own test cases: a nested bootstrap that draws the folds with replacement,
    /// then within each drawn fold its seeds and test cases, and takes the mean over every drawn (seed, case) cell. The
    /// fold-level draw is what carries the spread between trainings on different cases into the interval; with few
    /// folds it estimates that spread roughly (k folds give k - 1 degrees of freedom).
    /// </summary>
    /// <param name="folds"><c>folds[f][s, c]</c>: the difference for seed s on test case c of fold f.</param>
    public static BootstrapDifference OverFolds(IReadOnlyList<double[,]> folds, ulong seed, int resamples = DefaultResamples)
    {
        if (folds.Count < 2 || folds.Any(f => f.GetLength(0) < 1 || f.GetLength(1) < 2))
            throw new ArgumentException("a bootstrap over folds needs at least two folds, each with a seed and two test cases");
        var random = new SeededRandom(seed);
        var means = new double[resamples];
        for (var b = 0; b < resamples; b++)
        {
            double sum = 0, cells = 0;
            for (var f = 0; f < folds.Count; f++)
            {
                var fold = folds[random.NextInt(0, folds.Count)];
                int seeds = fold.GetLength(0), cases = fold.GetLength(1);
                var drawnSeeds = Enumerable.Range(0, seeds).Select(_ => random.NextInt(0, seeds)).ToArray();
                var drawnCases = Enumerable.Range(0, cases).Select(_ => random.NextInt(0, cases)).ToArray();
                foreach (var s in drawnSeeds)
                    foreach (var c in drawnCases) sum += fold[s, c];
                cells += seeds * cases;
            }
            means[b] = sum / cells;
        }
        Array.Sort(means);
        var mean = folds.Sum(f => f.Cast<double>().Sum()) / folds.Sum(f => f.Length);
        return new BootstrapDifference(mean, Percentile(means, 0.025), Percentile(means, 0.975), folds[0].GetLength(0), folds.Sum(f => f.GetLength(1)), resamples);
    }

    /// <summary>Linear interpolation between order statistics (NumPy's default).</summary>
    private static double Percentile(double[] sorted, double q)
    {
        var position = q * (sorted.Length - 1);
        var below = (int)Math.Floor(position);
        var above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
    }
}
