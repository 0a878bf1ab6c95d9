using BrainAug.Imaging.Common;

namespace BrainAug.Report.Quality;

/// <summary>Settings of <see cref="Tsne"/>; the defaults are the usual ones (van der Maaten 2008, scikit-learn).</summary>
public sealed record TsneOptions
{
    public double Perplexity { get; init; } = 30;
    public int Iterations { get; init; } = 1000;
    public int ExaggerationIterations { get; init; } = 250;
    public double Exaggeration { get; init; } = 12;
    public double LearningRate { get; init; } = 200;
}

/// <summary>
/// Exact t-SNE into two dimensions: Gaussian neighbourhoods with a per-point bandwidth found by bisection to
/// the perplexity, symmetrised; Student-t similarities in the embedding; gradient descent with momentum, early
/// exaggeration and per-coordinate gains. O(n^2) per iteration, fine for the report's few hundred points.
/// Seeded: the same rows, options and seed give the same embedding.
/// </summary>
public static class Tsne
{
    public static double[][] Embed(IReadOnlyList<float[]> rows, ulong seed, TsneOptions? options = null)
    {
        options ??= new TsneOptions();
        var n = rows.Count;
        if (n < 4) throw new ArgumentException($"t-SNE needs at least 4 points, got {n}");
        // A perplexity near n leaves no room for neighbourhoods; cap it as scikit-learn advises (perplexity < n).
        var perplexity = Math.Min(options.Perplexity, (n - 1) / 3.0);
        var p = JointProbabilities(SquaredDistances(rows), n, perplexity);
        return Optimise(p, n, seed, options);
    }

    public static double[] SquaredDistances(IReadOnlyList<float[]> rows)
    {
        var n = rows.Count;
        var distances = new double[n * n];
        Parallel.For(0, n, i =>
        {
            for (var j = i + 1; j < n; j++)
            {
                double sum = 0;
                var a = rows[i];
                var b = rows[j];
                for (var k = 0; k < a.Length; k++) sum += (a[k] - b[k]) * (double)(a[k] - b[k]);
                distances[i * n + j] = sum;
                distances[j * n + i] = sum;
            }
        });
        return distances;
    }

    /// <summary>P_ij = (P_j|i + P_i|j) / 2n, each conditional row with entropy ln(perplexity).</summary>
    public static double[] JointProbabilities(double[] distances, int n, double perplexity)
    {
        var conditional = new double[n * n];
        var target = Math.Log(perplexity);
        Parallel.For(0, n, i =>
        {
            double beta = 1, low = 0, high = double.PositiveInfinity;
            for (var attempt = 0; attempt < 200; attempt++)
            {
                var entropy = RowEntropy(distances, n, i, beta, conditional);
                if (Math.Abs(entropy - target) < 1e-5) break;
                if (entropy > target) { low = beta; beta = double.IsPositiveInfinity(high) ? beta * 2 : (beta + high) / 2; }
                else { high = beta; beta = (beta + low) / 2; }
            }
        });
        var joint = new double[n * n];
        for (var i = 0; i < n; i++)
            for (var j = 0; j < n; j++)
                joint[i * n + j] = Math.Max((conditional[i * n + j] + conditional[j * n + i]) / (2.0 * n), 1e-12);
        return joint;
    }

    // Fills row i of P_j|i for precision beta and returns its entropy (nats). Distances are shifted by the row's
    // smallest so that exp() cannot underflow to an all-zero row.
    private static double RowEntropy(double[] distances, int n, int i, double beta, double[] conditional)
    {
        var nearest = double.PositiveInfinity;
        for (var j = 0; j < n; j++) if (j != i) nearest = Math.Min(nearest, distances[i * n + j]);
        double sum = 0, weighted = 0;
        for (var j = 0; j < n; j++)
        {
            if (j == i) { conditional[i * n + j] = 0; continue; }
            var shifted = distances[i * n + j] - nearest;
            var value = Math.Exp(-shifted * beta);
            conditional[i * n + j] = value;
            sum += value;
            weighted += shifted * value;
        }
        for (var j = 0; j < n; j++) conditional[i * n + j] /= sum;
        return Math.Log(sum) + beta * weighted / sum;
    }

    private static double[][] Optimise(double[] p, int n, ulong seed, TsneOptions options)
    {
        var random = SeededRandom.For(seed, 0x75E);
        var y = new double[n * 2];
        for (var i = 0; i < y.Length; i++) y[i] = random.NextGaussian() * 1e-4;
        var update = new double[n * 2];
        var gains = Enumerable.Repeat(1.0, n * 2).ToArray();
        var gradient = new double[n * 2];
        var weights = new double[n * n];
        for (var iteration = 0; iteration < options.Iterations; iteration++)
        {
            var early = iteration < options.ExaggerationIterations;
            Gradient(p, y, n, early ? options.Exaggeration : 1, weights, gradient);
            var momentum = early ? 0.5 : 0.8;
            for (var k = 0; k < y.Length; k++)
            {
                // Gains grow where the gradient keeps its direction and shrink where it flips (Jacobs 1988).
                gains[k] = Math.Sign(gradient[k]) != Math.Sign(update[k]) ? gains[k] + 0.2 : Math.Max(gains[k] * 0.8, 0.01);
                update[k] = momentum * update[k] - options.LearningRate * gains[k] * gradient[k];
                y[k] += update[k];
            }
            Recentre(y, n);
        }
        return Enumerable.Range(0, n).Select(i => new[] { y[2 * i], y[2 * i + 1] }).ToArray();
    }

    private static void Gradient(double[] p, double[] y, int n, double exaggeration, double[] weights, double[] gradient)
    {
        double total = 0;
        for (var i = 0; i < n; i++)
            for (var j = i + 1; j < n; j++)
            {
                var dx = y[2 * i] - y[2 * j];
                var dy = y[2 * i + 1] - y[2 * j + 1];
                var w = 1 / (1 + dx * dx + dy * dy);
                weights[i * n + j] = weights[j * n + i] = w;
                total += 2 * w;
            }
        Parallel.For(0, n, i =>
        {
            double gx = 0, gy = 0;
            for (var j = 0; j < n; j++)
            {
                if (j == i) continue;
                var w = weights[i * n + j];
                var force = (exaggeration * p[i * n + j] - w / total) * w;
                gx += force * (y[2 * i] - y[2 * j]);
                gy += force * (y[2 * i + 1] - y[2 * j + 1]);
            }
            gradient[2 * i] = 4 * gx;
            gradient[2 * i + 1] = 4 * gy;
        });
    }

    private static void Recentre(double[] y, int n)
    {
        double mx = 0, my = 0;
        for (var i = 0; i < n; i++) { mx += y[2 * i]; my += y[2 * i + 1]; }
        for (var i = 0; i < n; i++) { y[2 * i] -= mx / n; y[2 * i + 1] -= my / n; }
    }
}
