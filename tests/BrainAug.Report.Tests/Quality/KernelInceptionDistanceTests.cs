using BrainAug.Report.Quality;
using BrainAug.Report.Tests.Support;

namespace BrainAug.Report.Tests.Quality;

public class KernelInceptionDistanceTests
{
    [Fact]
    public void HandMadeSets_GiveTheUnbiasedEstimateWorkedOutByHand()
    {
        // d = 1, k(a, b) = (ab + 1)^3. Within X = {0, 1, 2}, off the diagonal: 1, 1, 27 twice each -> 58 / 6.
        // Within Y = {1, 2, 3}: 27, 64, 343 twice each -> 868 / 6. Between: 1+1+1 + 8+27+64 + 27+125+343 = 597 -> / 9.
        // 58/6 + 868/6 - 2 * 597/9 = 29/3 + 434/3 - 398/3 = 65/3.
        var kid = KernelInceptionDistance.Between(Column(0, 1, 2), Column(1, 2, 3));
        Assert.Equal(65.0 / 3, kid.Value, 1e-9);
        Assert.Equal((3, 3), (kid.FirstCount, kid.SecondCount));
    }

    [Fact]
    public void Interval_IsTheDeleteOneJackknifeOfBothSets_ComputedTheLongWay()
    {
        var first = PythonReference.Blobs(1, 12, 4, 1.0, 31);
        var second = PythonReference.Blobs(1, 9, 4, 1.0, 32);
        var kid = KernelInceptionDistance.Between(first, second);
        var leaveFirst = Enumerable.Range(0, first.Length).Select(a => Naive(Without(first, a), second)).ToArray();
        var leaveSecond = Enumerable.Range(0, second.Length).Select(b => Naive(first, Without(second, b))).ToArray();
        var standardError = Math.Sqrt(Jackknife(leaveFirst) + Jackknife(leaveSecond));
        Assert.Equal(Naive(first, second), kid.Value, 1e-9 * Math.Abs(kid.Value));
        Assert.Equal(kid.Value - 1.96 * standardError, kid.Low, 1e-9 * Math.Abs(kid.Value));
        Assert.Equal(kid.Value + 1.96 * standardError, kid.High, 1e-9 * Math.Abs(kid.Value));
    }

    [Fact]
    public void RandomSets_MatchNumpyUnbiasedPolynomialMmd()
    {
        var first = PythonReference.Blobs(2, 40, 16, 1.0, 33);
        var second = PythonReference.Blobs(2, 30, 16, 1.5, 34);
        var reference = PythonReference.Run("""
            import sys, numpy as np
            x = np.loadtxt(sys.argv[1]); y = np.loadtxt(sys.argv[2]); d = x.shape[1]
            k = lambda a, b: (a @ b.T / d + 1) ** 3
            kxx, kyy, kxy = k(x, x), k(y, y), k(x, y); m, n = len(x), len(y)
            print((kxx.sum() - np.trace(kxx)) / (m * (m - 1)) + (kyy.sum() - np.trace(kyy)) / (n * (n - 1)) - 2 * kxy.mean())
            """, PythonReference.ToDouble(first), PythonReference.ToDouble(second));
        Assert.Equal(reference[0], KernelInceptionDistance.Between(first, second).Value, 1e-6 * Math.Abs(reference[0]));
    }

    [Fact]
    public void SameDistribution_IntervalHoldsZero_AShiftedOne_LiesAbove()
    {
        var pool = PythonReference.Blobs(1, 300, 10, 1.0, 35);
        var (first, second) = (pool[..150], pool[150..]);
        var same = KernelInceptionDistance.Between(first, second);
        Assert.InRange(0, same.Low, same.High);
        var shifted = second.Select(v => v.Select(x => x + 1f).ToArray()).ToArray();
        Assert.True(KernelInceptionDistance.Between(first, shifted).Low > 0);
    }

    [Fact]
    public void TooFewSamples_OrUnequalLengths_AreRefused()
    {
        Assert.Throws<ArgumentException>(() => KernelInceptionDistance.Between(Column(0, 1), Column(1, 2, 3)));
        Assert.Throws<ArgumentException>(() => KernelInceptionDistance.Between(Column(0, 1, 2), [[1f, 2f], [2f, 3f], [3f, 4f]]));
    }

    private static float[][] Column(params float[] values) => [.. values.Select(v => new[] { v })];

    private static float[][] Without(float[][] set, int index) => [.. set.Where((_, i) => i != index)];

    /// <summary>The estimator straight from its definition, for comparison.</summary>
    private static double Naive(float[][] x, float[][] y)
    {
        double xx = 0, yy = 0, xy = 0;
        for (var i = 0; i < x.Length; i++)
            for (var j = 0; j < x.Length; j++) if (i != j) xx += KernelInceptionDistance.Kernel(x[i], x[j]);
        for (var i = 0; i < y.Length; i++)
            for (var j = 0; j < y.Length; j++) if (i != j) yy += KernelInceptionDistance.Kernel(y[i], y[j]);
        foreach (var a in x)
            foreach (var b in y) xy += KernelInceptionDistance.Kernel(a, b);
        return xx / (x.Length * (x.Length - 1.0)) + yy / (y.Length * (y.Length - 1.0)) - 2 * xy / (x.Length * (double)y.Length);
    }

    private static double Jackknife(double[] values)
    {
        var mean = values.Average();
        return (values.Length - 1.0) / values.Length * values.Sum(v => (v - mean) * (v - mean));
    }
}
