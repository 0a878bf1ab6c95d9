namespace BrainAug.Report.Quality;

/// <summary>
/// The Frechet distance between two Gaussians fitted to feature vectors (as FID does with Inception features;
/// here the features are the Seg-DNN encoder's): |mu1 - mu2|^2 + Tr(S1) + Tr(S2) - 2 Tr((S1 S2)^(1/2)).
/// Tr((S1 S2)^(1/2)) is the sum of the square roots of the eigenvalues of a symmetric matrix with the same nonzero
/// spectrum as S1 S2, whichever is smaller: S1^(1/2) S2 S1^(1/2) (features x features) or, with A1, A2 the centred
/// samples, (A1 A2^T)(A1 A2^T)^T / ((n1 - 1)(n2 - 1)) (samples x samples). The second keeps the paper preset's
/// 1024 features with a few hundred slices from needing 1024 x 1024 eigen-decompositions.
/// </summary>
public static class FrechetDistance
{
    public static double Between(IReadOnlyList<float[]> first, IReadOnlyList<float[]> second)
    {
        if (first.Count < 2 || second.Count < 2) throw new ArgumentException("the Frechet distance needs at least two samples per set");
        var d = first[0].Length;
        if (first.Concat(second).Any(f => f.Length != d)) throw new ArgumentException("feature vectors differ in length");
        var (mean1, centred1) = Centre(first, d);
        var (mean2, centred2) = Centre(second, d);
        double meanTerm = 0;
        for (var i = 0; i < d; i++) meanTerm += (mean1[i] - mean2[i]) * (mean1[i] - mean2[i]);
        var trace1 = centred1.Sum(r => Dot(r, r)) / (first.Count - 1);
        var trace2 = centred2.Sum(r => Dot(r, r)) / (second.Count - 1);
        var rootTrace = Math.Min(first.Count, second.Count) < d
            ? RootTraceInSampleSpace(centred1, centred2)
            : RootTraceInFeatureSpace(first, second, d);
        return Math.Max(meanTerm + trace1 + trace2 - 2 * rootTrace, 0); // rounding can leave a tiny negative for identical sets
    }

    private static double RootTraceInFeatureSpace(IReadOnlyList<float[]> first, IReadOnlyList<float[]> second, int d)
    {
        var (_, covariance1) = MeanAndCovariance(first, d);
        var (_, covariance2) = MeanAndCovariance(second, d);
        var root1 = SymmetricEigen.Sqrt(covariance1, d);
        var (values, _) = SymmetricEigen.Decompose(Multiply(Multiply(root1, covariance2, d), root1, d), d);
        return values.Sum(v => Math.Sqrt(Math.Max(v, 0)));
    }

    private static double RootTraceInSampleSpace(double[][] centred1, double[][] centred2)
    {
        // The smaller set indexes the rows: M = A_small A_large^T, and the Gram matrix M M^T is small x small.
        var (small, large) = centred1.Length <= centred2.Length ? (centred1, centred2) : (centred2, centred1);
        var m = small.Select(a => large.Select(b => Dot(a, b)).ToArray()).ToArray();
        var n = small.Length;
        var gram = new double[n * n];
        for (var i = 0; i < n; i++)
            for (var j = i; j < n; j++)
                gram[i * n + j] = gram[j * n + i] = Dot(m[i], m[j]);
        var (values, _) = SymmetricEigen.Decompose(gram, n);
        return values.Sum(v => Math.Sqrt(Math.Max(v, 0))) / Math.Sqrt((centred1.Length - 1.0) * (centred2.Length - 1.0));
    }

    /// <summary>Mean and unbiased (n - 1) covariance, as numpy.cov.</summary>
    public static (double[] Mean, double[] Covariance) MeanAndCovariance(IReadOnlyList<float[]> samples, int n)
    {
        var (mean, centred) = Centre(samples, n);
        var covariance = new double[n * n];
        foreach (var row in centred)
            for (var i = 0; i < n; i++)
                for (var j = i; j < n; j++) covariance[i * n + j] += row[i] * row[j];
        for (var i = 0; i < n; i++)
            for (var j = i; j < n; j++)
                covariance[j * n + i] = covariance[i * n + j] /= samples.Count - 1;
        return (mean, covariance);
    }

    private static (double[] Mean, double[][] Centred) Centre(IReadOnlyList<float[]> samples, int d)
    {
        var mean = new double[d];
        foreach (var s in samples)
            for (var i = 0; i < d; i++) mean[i] += s[i];
        for (var i = 0; i < d; i++) mean[i] /= samples.Count;
        return (mean, samples.Select(s => Enumerable.Range(0, d).Select(i => s[i] - mean[i]).ToArray()).ToArray());
    }

    private static double Dot(double[] a, double[] b)
    {
        double sum = 0;
        for (var i = 0; i < a.Length; i++) sum += a[i] * b[i];
        return sum;
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
