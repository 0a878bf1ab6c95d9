using BrainAug.Imaging.Common;

namespace BrainAug.Report.Quality;

/// <summary>The leading principal components of row vectors (power iteration with deflation on the centred data,
/// never forming the d x d covariance), their projections and explained-variance ratios.</summary>
public sealed record PcaResult(double[][] Projections, double[] ExplainedVarianceRatio);

public static class Pca
{
    public static PcaResult Fit(IReadOnlyList<float[]> rows, int components, ulong seed)
    {
        var n = rows.Count;
        var d = rows[0].Length;
        if (n < 2 || components < 1 || components > Math.Min(n, d)) throw new ArgumentException($"PCA of {n} rows of {d} values into {components} components");
        var x = Centre(rows, d);
        var totalVariance = x.Sum(r => r.Sum(v => v * v)) / (n - 1);
        var random = SeededRandom.For(seed, 0x9CA);
        var axes = new List<double[]>();
        var ratios = new double[components];
        for (var c = 0; c < components; c++)
        {
            var v = Enumerable.Range(0, d).Select(_ => random.NextGaussian()).ToArray();
            double eigenvalue = 0;
            for (var iteration = 0; iteration < 300; iteration++)
            {
                var next = Covariance(x, v);
                foreach (var axis in axes) Subtract(next, axis, Dot(next, axis));
                var norm = Math.Sqrt(Dot(next, next));
                if (norm == 0) break;
                for (var i = 0; i < d; i++) next[i] /= norm;
                var converged = Math.Abs(Math.Abs(Dot(next, v)) - 1) < 1e-12;
                v = next;
                eigenvalue = norm / (n - 1);
                if (converged) break;
            }
            // A fixed sign (largest |loading| positive) so that reruns and other tools draw the same picture.
            var largest = v.MaxBy(Math.Abs);
            if (largest < 0) for (var i = 0; i < d; i++) v[i] = -v[i];
            axes.Add(v);
            ratios[c] = totalVariance > 0 ? eigenvalue / totalVariance : 0;
        }
        var projections = x.Select(r => axes.Select(a => Dot(r, a)).ToArray()).ToArray();
        return new PcaResult(projections, ratios);
    }

    private static double[][] Centre(IReadOnlyList<float[]> rows, int d)
    {
        var mean = new double[d];
        foreach (var r in rows)
            for (var i = 0; i < d; i++) mean[i] += r[i];
        for (var i = 0; i < d; i++) mean[i] /= rows.Count;
        return rows.Select(r => Enumerable.Range(0, d).Select(i => r[i] - mean[i]).ToArray()).ToArray();
    }

    // (X^T X) v without forming X^T X; the caller divides by n - 1.
    private static double[] Covariance(double[][] x, double[] v)
    {
        var result = new double[v.Length];
        foreach (var row in x)
        {
            var projection = Dot(row, v);
            for (var i = 0; i < row.Length; i++) result[i] += projection * row[i];
        }
        return result;
    }

    private static double Dot(double[] a, double[] b)
    {
        double sum = 0;
        for (var i = 0; i < a.Length; i++) sum += a[i] * b[i];
        return sum;
    }

    private static void Subtract(double[] a, double[] axis, double amount)
    {
        for (var i = 0; i < a.Length; i++) a[i] -= amount * axis[i];
    }
}
