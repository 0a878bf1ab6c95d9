using BrainAug.Imaging.Common;

namespace BrainAug.Report.Quality;

/// <summary>Held-out accuracy of a classifier told to separate two sets, with its 95 % Wilson interval.</summary>
public sealed record TwoSampleAccuracy(double Accuracy, double Low, double High, int PerSet, int Folds);

/// <summary>
/// The classifier two-sample test (Lopez-Paz and Oquab, 2017): a classifier (<see cref="LogisticRegression"/>) learns to
/// tell the two sets apart and is scored on samples it did not train on. Accuracy 0.5 means the sets are
/// indistinguishable to it, 1.0 that they never overlap. The larger set is subsampled to the smaller's size (so
/// chance is 0.5), and stratified k-fold cross-validation scores every kept sample once; the interval treats the
/// 2 x <c>PerSet</c> held-out answers as independent trials (Wilson), as the test's authors do.
/// </summary>
public static class ClassifierTwoSampleTest
{
    public const int Folds = 5, MinimumPerSet = 2 * Folds;

    public static TwoSampleAccuracy Between(IReadOnlyList<float[]> first, IReadOnlyList<float[]> second, ulong seed)
    {
        var perSet = Math.Min(first.Count, second.Count);
        if (perSet < MinimumPerSet) throw new ArgumentException($"the two-sample test needs at least {MinimumPerSet} samples per set, not {perSet}");
        var random = SeededRandom.For(seed, 0xC257);
        var samples = random.Draw(first, perSet).Concat(random.Draw(second, perSet)).ToArray();
        var labels = samples.Select((_, i) => i < perSet).ToArray();
        // Sample i of either set goes to fold i % Folds: the draw is already shuffled, and every fold holds both sets equally.
        var fold = samples.Select((_, i) => i % perSet % Folds).ToArray();
        var correct = 0;
        for (var f = 0; f < Folds; f++)
        {
            var train = Enumerable.Range(0, samples.Length).Where(i => fold[i] != f).ToArray();
            var model = LogisticRegression.Fit([.. train.Select(i => samples[i])], [.. train.Select(i => labels[i])]);
            correct += Enumerable.Range(0, samples.Length).Count(i => fold[i] == f && model.Predict(samples[i]) == labels[i]);
        }
        var (low, high) = WilsonInterval(correct, samples.Length);
        return new TwoSampleAccuracy((double)correct / samples.Length, low, high, perSet, Folds);
    }

    public static (double Low, double High) WilsonInterval(int successes, int trials, double z = 1.96)
    {
        var p = (double)successes / trials;
        var denominator = 1 + z * z / trials;
        var centre = (p + z * z / (2 * trials)) / denominator;
        var half = z * Math.Sqrt(p * (1 - p) / trials + z * z / (4.0 * trials * trials)) / denominator;
        return (centre - half, centre + half);
    }
}
