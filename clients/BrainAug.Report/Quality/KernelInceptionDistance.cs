namespace BrainAug.Report.Quality;

/// <summary>A KID estimate with its 95 % interval (estimate +- 1.96 jackknife standard errors).</summary>
public sealed record KidEstimate(double Value, double Low, double High, int FirstCount, int SecondCount);

/// <summary>
/// The Kernel Inception Distance (Binkowski et al., 2018), here on <see cref="FixedFeatures"/> rather than Inception's:
/// the unbiased estimator of the squared maximum mean discrepancy with the cubic polynomial kernel
/// k(x, y) = (x.y / d + 1)^3. Unlike the Frechet distance it has no bias that grows as the sets shrink, so a few hundred
/// samples give a sound value, and it can come out slightly below 0 when the sets are alike. The interval is the
/// two-sample delete-one jackknife: leaving out each sample of either set in turn, computed from the kernel matrices'
/// row sums, so it costs no more than the estimate and needs no seed.
/// </summary>
public static class KernelInceptionDistance
{
    public const int MinimumPerSet = 3;

    public static KidEstimate Between(IReadOnlyList<float[]> first, IReadOnlyList<float[]> second)
    {
        int m = first.Count, n = second.Count;
        if (m < MinimumPerSet || n < MinimumPerSet) throw new ArgumentException($"the kernel distance and its jackknife need at least {MinimumPerSet} samples per set");
        var d = first[0].Length;
        if (first.Concat(second).Any(f => f.Length != d)) throw new ArgumentException("feature vectors differ in length");

        // Row sums of the three kernel matrices, diagonals left out within a set (the unbiased estimator's rule).
        var xxRows = WithinRowSums(first);
        var yyRows = WithinRowSums(second);
        var (xyRows, yxColumns) = BetweenRowSums(first, second);
        double sxx = xxRows.Sum(), syy = yyRows.Sum(), sxy = xyRows.Sum();
        var value = Estimate(sxx, m, syy, n, sxy);

        // Leaving out x_a removes row and column a from the X kernel (2 r_a of its sum) and row a from the X-Y kernel.
        var leaveX = xxRows.Select((r, a) => Estimate(sxx - 2 * r, m - 1, syy, n, sxy - xyRows[a])).ToArray();
        var leaveY = yyRows.Select((r, b) => Estimate(sxx, m, syy - 2 * r, n - 1, sxy - yxColumns[b])).ToArray();
        var variance = JackknifeVariance(leaveX) + JackknifeVariance(leaveY);
        var half = 1.96 * Math.Sqrt(variance);
        return new KidEstimate(value, value - half, value + half, m, n);
    }

    public static double Kernel(float[] x, float[] y)
    {
        double dot = 0;
        for (var i = 0; i < x.Length; i++) dot += (double)x[i] * y[i];
        var k = dot / x.Length + 1;
        return k * k * k;
    }

    private static double Estimate(double sxx, int m, double syy, int n, double sxy) =>
        sxx / (m * (m - 1.0)) + syy / (n * (n - 1.0)) - 2 * sxy / ((double)m * n);

    private static double JackknifeVariance(double[] leaveOneOut)
    {
        var mean = leaveOneOut.Average();
        var count = leaveOneOut.Length;
        return (count - 1.0) / count * leaveOneOut.Sum(v => (v - mean) * (v - mean));
    }

    private static double[] WithinRowSums(IReadOnlyList<float[]> set)
    {
        var rows = new double[set.Count];
        Parallel.For(0, set.Count, i =>
        {
            double sum = 0;
            for (var j = 0; j < set.Count; j++)
                if (j != i) sum += Kernel(set[i], set[j]);
            rows[i] = sum;
        });
        return rows;
    }

    private static (double[] Rows, double[] Columns) BetweenRowSums(IReadOnlyList<float[]> first, IReadOnlyList<float[]> second)
    {
        var kernel = new double[first.Count, second.Count];
        Parallel.For(0, first.Count, i =>
        {
            for (var j = 0; j < second.Count; j++) kernel[i, j] = Kernel(first[i], second[j]);
        });
        var rows = new double[first.Count];
        var columns = new double[second.Count];
        for (var i = 0; i < first.Count; i++)
            for (var j = 0; j < second.Count; j++)
            {
                rows[i] += kernel[i, j];
                columns[j] += kernel[i, j];
            }
        return (rows, columns);
    }
}
