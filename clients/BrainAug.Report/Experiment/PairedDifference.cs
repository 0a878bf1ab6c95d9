using MathNet.Numerics.Distributions;

namespace BrainAug.Report.Experiment;

/// <summary>The mean of paired differences (arm minus real) with a two-sided 95 % Student-t interval.</summary>
public sealed record PairedDifference(double Mean, double Low, double High, int Pairs, string Over)
{
    public static PairedDifference? Of(IReadOnlyList<double> differences, string over)
    {
        var n = differences.Count;
        if (n < 2) return null; // one pair has no spread: no interval
        var mean = differences.Average();
        var sd = Math.Sqrt(differences.Sum(d => (d - mean) * (d - mean)) / (n - 1));
        var half = TQuantile975(n - 1) * sd / Math.Sqrt(n);
        return new PairedDifference(mean, mean - half, mean + half, n, over);
    }

    /// <summary>The 97.5th percentile of Student's t with <paramref name="degrees"/> degrees of freedom.</summary>
    public static double TQuantile975(int degrees) =>
        degrees >= 1 ? StudentT.InvCDF(0, 1, degrees, 0.975) : throw new ArgumentOutOfRangeException(nameof(degrees));
}
