using MathNet.Numerics.LinearAlgebra;

namespace BrainAug.Report.Quality;

/// <summary>
/// A ridge-penalised logistic regression, the classifier of <see cref="ClassifierTwoSampleTest"/>: features are
/// standardised with the training set's mean and standard deviation, then Newton's method (no learning rate, no seed)
/// fits the weights. The penalty keeps the weights finite when the two classes separate perfectly.
/// </summary>
public sealed class LogisticRegression
{
    private const double Penalty = 1.0, Tolerance = 1e-9;
    private const int MaxIterations = 50;
    private readonly double[] _mean, _scale, _weights; // _weights[0] is the intercept

    private LogisticRegression(double[] mean, double[] scale, double[] weights) => (_mean, _scale, _weights) = (mean, scale, weights);

    /// <summary>Fits P(label = true | x).</summary>
    public static LogisticRegression Fit(IReadOnlyList<float[]> samples, IReadOnlyList<bool> labels)
    {
        if (samples.Count != labels.Count || samples.Count < 2) throw new ArgumentException("logistic regression needs as many labels as samples, at least two");
        var d = samples[0].Length;
        var (mean, scale) = Standardisation(samples, d);
        var rows = samples.Select(s => Row(s, mean, scale)).ToArray();
        var weights = new double[d + 1];
        for (var iteration = 0; iteration < MaxIterations; iteration++)
        {
            var gradient = Vector<double>.Build.Dense(d + 1);
            var hessian = Matrix<double>.Build.Dense(d + 1, d + 1);
            for (var i = 0; i < rows.Length; i++)
            {
                var p = Sigmoid(Dot(weights, rows[i]));
                var residual = p - (labels[i] ? 1 : 0);
                var curvature = p * (1 - p);
                for (var j = 0; j <= d; j++)
                {
                    gradient[j] += residual * rows[i][j];
                    for (var k = 0; k <= j; k++) hessian[j, k] += curvature * rows[i][j] * rows[i][k];
                }
            }
            for (var j = 0; j <= d; j++)
            {
                for (var k = 0; k < j; k++) hessian[k, j] = hessian[j, k];
                var penalty = j == 0 ? 1e-9 : Penalty; // the intercept is not penalised
                gradient[j] += j == 0 ? 0 : Penalty * weights[j];
                hessian[j, j] += penalty;
            }
            var step = hessian.Cholesky().Solve(gradient);
            for (var j = 0; j <= d; j++) weights[j] -= step[j];
            if (step.AbsoluteMaximum() < Tolerance) break;
        }
        return new LogisticRegression(mean, scale, weights);
    }

    public bool Predict(float[] sample) => Dot(_weights, Row(sample, _mean, _scale)) >= 0;

    private static (double[] Mean, double[] Scale) Standardisation(IReadOnlyList<float[]> samples, int d)
    {
        var mean = new double[d];
        var scale = new double[d];
        foreach (var s in samples)
            for (var j = 0; j < d; j++) mean[j] += s[j];
        for (var j = 0; j < d; j++) mean[j] /= samples.Count;
        foreach (var s in samples)
            for (var j = 0; j < d; j++) scale[j] += (s[j] - mean[j]) * (s[j] - mean[j]);
        for (var j = 0; j < d; j++)
        {
            var std = Math.Sqrt(scale[j] / samples.Count);
            scale[j] = std > 1e-12 ? 1 / std : 0; // a constant feature carries no information
        }
        return (mean, scale);
    }

    /// <summary>The standardised sample with a leading 1 for the intercept.</summary>
    private static double[] Row(float[] sample, double[] mean, double[] scale)
    {
        var row = new double[sample.Length + 1];
        row[0] = 1;
        for (var j = 0; j < sample.Length; j++) row[j + 1] = (sample[j] - mean[j]) * scale[j];
        return row;
    }

    private static double Dot(double[] a, double[] b)
    {
        double sum = 0;
        for (var i = 0; i < a.Length; i++) sum += a[i] * b[i];
        return sum;
    }

    private static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));
}
