namespace BrainAug.Report.Quality;

/// <summary>
/// The Frechet distance between two Gaussians fitted to feature vectors (as FID does with Inception features;
/// here the features are the Seg-DNN encoder's): |mu1 - mu2|^2 + Tr(S1 + S2 - 2 (S1 S2)^(1/2)). The trace of
/// (S1 S2)^(1/2) is taken as that of (S1^(1/2) S2 S1^(1/2))^(1/2), which is symmetric and has the same eigenvalues.
/// </summary>
public static class FrechetDistance
{
    public static double Between(IReadOnlyList<float[]> first, IReadOnlyList<float[]> second)
    {
        if (first.Count < 2 || second.Count < 2) throw new ArgumentException("the Frechet distance needs at least two samples per set");
        var n = first[0].Length;
        if (first.Concat(second).Any(f => f.Length != n)) throw new ArgumentException("feature vectors differ in length");
        var (mean1, covariance1) = MeanAndCovariance(first, n);
        var (mean2, covariance2) = MeanAndCovariance(second, n);
        double meanTerm = 0;
        for (var i = 0; i < n; i++) meanTerm += (mean1[i] - mean2[i]) * (mean1[i] - mean2[i]);
        var root1 = SymmetricEigen.Sqrt(covariance1, n);
        var inner = Multiply(Multiply(root1, covariance2, n), root1, n);
        var (values, _) = SymmetricEigen.Decompose(inner, n);
        double trace = 0;
        for (var i = 0; i < n; i++) trace += covariance1[i * n + i] + covariance2[i * n + i];
        var distance = meanTerm + trace - 2 * values.Sum(v => Math.Sqrt(Math.Max(v, 0)));
        return Math.Max(distance, 0); // rounding can leave a tiny negative for identical sets
    }

    /// <summary>Mean and unbiased (n - 1) covariance, as numpy.cov.</summary>
    public static (double[] Mean, double[] Covariance) MeanAndCovariance(IReadOnlyList<float[]> samples, int n)
    {
        var mean = new double[n];
        foreach (var s in samples)
            for (var i = 0; i < n; i++) mean[i] += s[i];
        for (var i = 0; i < n; i++) mean[i] /= samples.Count;
        var covariance = new double[n * n];
        var centred = new double[n];
        foreach (var s in samples)
        {
            for (var i = 0; i < n; i++) centred[i] = s[i] - mean[i];
            for (var i = 0; i < n; i++)
                for (var j = i; j < n; j++) covariance[i * n + j] += centred[i] * centred[j];
        }
        for (var i = 0; i < n; i++)
            for (var j = i; j < n; j++)
                covariance[j * n + i] = covariance[i * n + j] /= samples.Count - 1;
        return (mean, covariance);
    }

    private static double[] Multiply(double[] a, double[] b, int n)
    {
        var c = new double[n * n];
        for (var i = 0; i < n; i++)
            for (var k = 0; k < n; k++)
            {
                var aik = a[i * n + k];
                if (aik == 0) continue;
                for (var j = 0; j < n; j++) c[i * n + j] += aik * b[k * n + j];
            }
        return c;
    }
}
