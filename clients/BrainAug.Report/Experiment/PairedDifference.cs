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

    /// <summary>The 97.5th percentile of Student's t: tabulated to 30 degrees of freedom, then the
    /// Cornish-Fisher expansion around the normal quantile (error below 1e-4 there).</summary>
    public static double TQuantile975(int degrees)
    {
        if (degrees < 1) throw new ArgumentOutOfRangeException(nameof(degrees));
        if (degrees <= Table.Length) return Table[degrees - 1];
        const double z = 1.959963984540054;
        double v = degrees, z3 = z * z * z, z5 = z3 * z * z, z7 = z5 * z * z;
        return z + (z3 + z) / (4 * v) + (5 * z5 + 16 * z3 + 3 * z) / (96 * v * v) + (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * v * v * v);
    }

    private static readonly double[] Table =
    [
        12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469, 2.3646, 2.3060, 2.2622, 2.2281,
        2.2010, 2.1788, 2.1604, 2.1448, 2.1314, 2.1199, 2.1098, 2.1009, 2.0930, 2.0860,
        2.0796, 2.0739, 2.0687, 2.0639, 2.0595, 2.0555, 2.0518, 2.0484, 2.0452, 2.0423,
    ];
}
