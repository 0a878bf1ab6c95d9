using BrainAug.Report.Curve;

namespace BrainAug.Report.Tests.Curve;

public class LearningCurveAnalysisTests
{
    private static readonly string[] Arms = ["real", "synthetic", "both"];

    [Fact]
    public void ConstantDice_GivesZeroWidthIntervals_AndTheExchangeRateReadOffTheRealCurve()
    {
        // Real 0.5, 0.6, 0.7, 0.8 at 35..280 cases; the synthetic arm one real point ahead (0.6 at 35 cases = what 70
        // real cases give); both beyond the measured curve at 280 cases (0.9 > 0.8).
        double[] real = [0.5, 0.6, 0.7, 0.8];
        var points = real.Select((r, p) => Point(("real", r), ("synthetic", r + 0.1), ("both", r + (p == 3 ? 0.1 : 0.05)))).ToList();
        var result = LearningCurveAnalysis.Analyse([35, 70, 140, 280], Arms, points, seed: 1);

        var realAt70 = result.Points.Single(p => p.Arm == "real" && p.Cases == 70);
        Assert.Equal((0.6, 0.6, 0.6), (Math.Round(realAt70.Dice, 12), Math.Round(realAt70.Low, 12), Math.Round(realAt70.High, 12)));
        var syntheticAt35 = result.Exchanges.Single(e => e.Arm == "synthetic" && e.Cases == 35);
        Assert.Equal(70, syntheticAt35.RealCases, 9);
        Assert.Equal(70, syntheticAt35.Low, 9);
        Assert.Equal(70, syntheticAt35.High, 9);
        Assert.Equal(double.PositiveInfinity, result.Exchanges.Single(e => e.Arm == "both" && e.Cases == 280).RealCases);
        Assert.DoesNotContain(result.Exchanges, e => e.Arm == "real");
        Assert.Equal(4 * 2, result.Exchanges.Count);
    }

    [Fact]
    public void NoisyDice_IntervalsHoldTheMean_AndWidenWithTheNoise()
    {
        var quiet = LearningCurveAnalysis.Analyse([35, 70, 140, 280], Arms, [.. Enumerable.Range(0, 4).Select(p => NoisyPoint(p, 0.01))], seed: 1);
        var loud = LearningCurveAnalysis.Analyse([35, 70, 140, 280], Arms, [.. Enumerable.Range(0, 4).Select(p => NoisyPoint(p, 0.1))], seed: 1);
        foreach (var p in quiet.Points) Assert.InRange(p.Dice, p.Low, p.High);
        double Width(CurveResult r) => r.Points.Average(p => p.High - p.Low);
        Assert.True(Width(loud) > 5 * Width(quiet), $"{Width(loud)} vs {Width(quiet)}");
        Assert.Equal((3, 20), (quiet.Seeds, quiet.TestCases));
    }

    [Fact]
    public void WithoutTheRealArm_IsRefused() =>
        Assert.Throws<ArgumentException>(() => LearningCurveAnalysis.Analyse([35, 70], ["synthetic"], [Point(("synthetic", 0.5)), Point(("synthetic", 0.6))], 1));

    /// <summary>Every seed and test case at the same Dice, per arm.</summary>
    private static IReadOnlyDictionary<string, double[,]> Point(params (string Arm, double Dice)[] arms) =>
        arms.ToDictionary(a => a.Arm, a => Filled(3, 20, (_, _) => a.Dice));

    /// <summary>Real 0.5 + 0.1 per point, the others 0.05 above, each cell off by a fixed pseudo-random amount of the given size.</summary>
    private static IReadOnlyDictionary<string, double[,]> NoisyPoint(int point, double noise) =>
        Arms.Select((arm, a) => (arm, a)).ToDictionary(x => x.arm, x => Filled(3, 20, (s, c) =>
            0.5 + 0.1 * point + (x.a == 0 ? 0 : 0.05) + noise * (BrainAug.Imaging.Common.SeededRandom.Hash((ulong)(point * 7 + x.a), (ulong)(s * 100 + c)) % 1000 / 500.0 - 1)));

    private static double[,] Filled(int seeds, int cases, Func<int, int, double> value)
    {
        var matrix = new double[seeds, cases];
        for (var s = 0; s < seeds; s++)
            for (var c = 0; c < cases; c++) matrix[s, c] = value(s, c);
        return matrix;
    }
}
