using BrainAug.Imaging.Common;

namespace BrainAug.Report.Curve;

/// <summary>An arm's mean Dice at one point, with its 95 % bootstrap interval.</summary>
public sealed record ArmAtPoint(string Arm, int Cases, double Dice, double Low, double High);

/// <summary>What an arm's Dice at <see cref="Cases"/> real cases is worth in real cases (<see cref="ExchangeRate"/>), with
/// its 95 % interval; infinities mean below or above the measured real curve.</summary>
public sealed record Exchange(string Arm, int Cases, double RealCases, double Low, double High);

public sealed record CurveResult(IReadOnlyList<int> Cases, IReadOnlyList<string> Arms, int Seeds, int TestCases, int Resamples,
    IReadOnlyList<ArmAtPoint> Points, IReadOnlyList<Exchange> Exchanges);

/// <summary>
/// The learning curve's numbers: each arm's mean Dice per point and what each augmented arm is worth in real cases,
/// both with intervals from one bootstrap that resamples training seeds and test cases together for every point and
/// arm at once (the points share their test cases), so each resample is a whole curve and its exchange rates.
/// </summary>
public static class LearningCurveAnalysis
{
    public const int Resamples = 2000;

    public static CurveResult Analyse(IReadOnlyList<CurvePoint> points, ulong seed) =>
        Analyse([.. points.Select(p => p.Cases)], points[0].Run.Arms, [.. points.Select(p => p.Dice)], seed);

    /// <param name="dice">Per point (fewest cases first): each arm's Dice per [seed, test case]; every matrix the same shape.</param>
    public static CurveResult Analyse(List<int> cases, IReadOnlyList<string> arms, IReadOnlyList<IReadOnlyDictionary<string, double[,]>> dice, ulong seed)
    {
        if (!arms.Contains("real")) throw new ArgumentException("a learning curve needs the real arm");
        int seeds = dice[0]["real"].GetLength(0), testCases = dice[0]["real"].GetLength(1);
        var random = SeededRandom.For(seed, 0xC0_12FE);
        var drawnSeeds = new int[seeds];
        var drawnCases = new int[testCases];
        var means = new double[Resamples][,]; // [resample][point, arm]
        for (var b = 0; b < Resamples; b++)
        {
            for (var s = 0; s < seeds; s++) drawnSeeds[s] = random.NextInt(0, seeds);
            for (var c = 0; c < testCases; c++) drawnCases[c] = random.NextInt(0, testCases);
            means[b] = Means(dice, arms, drawnSeeds, drawnCases);
        }
        var observed = Means(dice, arms, [.. Enumerable.Range(0, seeds)], [.. Enumerable.Range(0, testCases)]);
        var armPoints = new List<ArmAtPoint>();
        var exchanges = new List<Exchange>();
        var real = arms.ToList().IndexOf("real");
        for (var a = 0; a < arms.Count; a++)
            for (var p = 0; p < cases.Count; p++)
            {
                var (low, high) = Interval([.. means.Select(m => m[p, a])]);
                armPoints.Add(new ArmAtPoint(arms[a], cases[p], observed[p, a], low, high));
                if (a == real) continue;
                var worth = Enumerable.Range(0, Resamples).Select(b => Worth(cases, means[b], real, a, p)).ToArray();
                var (worthLow, worthHigh) = Interval(worth);
                exchanges.Add(new Exchange(arms[a], cases[p], Worth(cases, observed, real, a, p), worthLow, worthHigh));
            }
        return new CurveResult(cases, arms, seeds, testCases, Resamples, armPoints, exchanges);
    }

    private static double Worth(List<int> cases, double[,] means, int real, int arm, int point) =>
        ExchangeRate.RealEquivalent(cases, [.. Enumerable.Range(0, cases.Count).Select(p => means[p, real])], means[point, arm]);

    private static double[,] Means(IReadOnlyList<IReadOnlyDictionary<string, double[,]>> points, IReadOnlyList<string> arms, int[] seeds, int[] cases)
    {
        var means = new double[points.Count, arms.Count];
        for (var p = 0; p < points.Count; p++)
            for (var a = 0; a < arms.Count; a++)
            {
                var dice = points[p][arms[a]];
                double sum = 0;
                foreach (var s in seeds)
                    foreach (var c in cases) sum += dice[s, c];
                means[p, a] = sum / (seeds.Length * cases.Length);
            }
        return means;
    }

    /// <summary>The 2.5th and 97.5th percentiles by nearest rank (the values may hold infinities, which must not be interpolated).</summary>
    private static (double Low, double High) Interval(double[] values)
    {
        var sorted = values.Order().ToArray();
        return (sorted[(int)Math.Floor(0.025 * (sorted.Length - 1))], sorted[(int)Math.Ceiling(0.975 * (sorted.Length - 1))]);
    }
}
