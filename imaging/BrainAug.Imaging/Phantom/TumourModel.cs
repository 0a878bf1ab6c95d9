using BrainAug.Contracts.Imaging;
using BrainAug.Imaging.Common;
using BrainAug.Imaging.Datasets;

namespace BrainAug.Imaging.Phantom;

/// <summary>
/// A glioblastoma-like lesion: a lumpy, anisotropic ball whose outer shell enhances (the rim), with a
/// necrotic core inside (absent in some cases) and edema around it that reaches further along white matter.
/// It displaces the surrounding tissue outwards (mass effect). All sizes in mm, positions in world mm.
/// </summary>
public sealed class TumourModel
{
    private readonly double[] _axes; // 3 orthonormal rows, each divided by its semi-axis factor
    private readonly ValueNoise _shape, _rim, _edema;

    public TumourModel(SeededRandom random, double cx, double cy, double cz)
    {
        (CentreX, CentreY, CentreZ) = (cx, cy, cz);
        Radius = random.Uniform(10, 26);
        CoreFraction = random.NextDouble() < 0.2 ? 0 : random.Uniform(0.35, 0.7);
        EdemaReach = random.Uniform(1.8, 3.0);
        MassEffect = random.Uniform(0.25, 0.6) * Radius;
        _axes = RandomAxes(random);
        // Labels need s < 1.2 * EdemaReach, and s >= distance / (1.3 * 1.22 * Radius) (largest semi-axis
        // factor, largest lump), so nothing is labelled beyond 1.95 * EdemaReach * Radius; by 4.5 radii
        // the mass effect has decayed to exp(-9) of its peak.
        InfluenceRadius = Math.Max(1.95 * EdemaReach, 4.5) * Radius + 2;
        var key = random.NextULong();
        _shape = new ValueNoise(key, spacing: Radius * 0.8);
        _rim = new ValueNoise(key + 1, spacing: 3);
        _edema = new ValueNoise(key + 2, spacing: 12);
    }

    public double CentreX { get; }

    public double CentreY { get; }

    public double CentreZ { get; }

    /// <summary>Mean outer radius of the enhancing rim.</summary>
    public double Radius { get; }

    /// <summary>Core radius as a fraction of <see cref="Radius"/>; 0 = no necrosis.</summary>
    public double CoreFraction { get; }

    /// <summary>How far edema reaches in white matter, in multiples of <see cref="Radius"/>.</summary>
    public double EdemaReach { get; }

    /// <summary>Largest tissue displacement (at the tumour centre), mm.</summary>
    public double MassEffect { get; }

    /// <summary>Beyond this distance from the centre the tumour neither labels nor displaces.</summary>
    public double InfluenceRadius { get; }

    /// <summary>Cheap test that rules out most of the volume before any noise is evaluated.</summary>
    public bool IsNear(double x, double y, double z)
    {
        double dx = x - CentreX, dy = y - CentreY, dz = z - CentreZ;
        return dx * dx + dy * dy + dz * dz <= InfluenceRadius * InfluenceRadius;
    }

    /// <summary>Where the tissue now at (x, y, z) sat before the tumour pushed it outwards.</summary>
    public void Undisplace(ref double x, ref double y, ref double z) =>
        Phantom.MassEffect.Undisplace(ref x, ref y, ref z, CentreX, CentreY, CentreZ, Radius, MassEffect, InfluenceRadius);

    /// <summary>Internal label at a point, given the tissue there (edema favours white matter, spares CSF).</summary>
    public byte LabelAt(double x, double y, double z, double white, double csf)
    {
        if (!IsNear(x, y, z)) return TumourLabels.Background;
        var s = NormalisedRadius(x, y, z);
        if (s > EdemaReach * 1.4) return TumourLabels.Background;
        if (s < CoreFraction) return TumourLabels.NecroticCore;
        if (s < 1 + 0.12 * _rim.At(x, y, z)) return TumourLabels.Enhancing;
        var reach = 1 + (EdemaReach - 1) * (0.25 + 0.75 * white) * (1 + 0.2 * _edema.At(x, y, z));
        return s < reach && csf < 0.6 ? TumourLabels.Edema : TumourLabels.Background;
    }

    /// <summary>Distance from the centre in units of the local (lumpy, anisotropic) radius.</summary>
    public double NormalisedRadius(double x, double y, double z)
    {
        double dx = x - CentreX, dy = y - CentreY, dz = z - CentreZ;
        double u = _axes[0] * dx + _axes[1] * dy + _axes[2] * dz;
        double v = _axes[3] * dx + _axes[4] * dy + _axes[5] * dz;
        double w = _axes[6] * dx + _axes[7] * dy + _axes[8] * dz;
        return Math.Sqrt(u * u + v * v + w * w) / (Radius * (1 + 0.22 * _shape.At(x, y, z)));
    }

    /// <summary>A random orthonormal frame with semi-axis factors 0.75-1.3 folded into the rows.</summary>
    private static double[] RandomAxes(SeededRandom random)
    {
        double a = random.Uniform(0, Math.PI), b = random.Uniform(0, Math.PI), c = random.Uniform(0, Math.PI);
        double ca = Math.Cos(a), sa = Math.Sin(a), cb = Math.Cos(b), sb = Math.Sin(b), cc = Math.Cos(c), sc = Math.Sin(c);
        double[] rows =
        [
            ca * cb, ca * sb * sc - sa * cc, ca * sb * cc + sa * sc,
            sa * cb, sa * sb * sc + ca * cc, sa * sb * cc - ca * sc,
            -sb, cb * sc, cb * cc,
        ];
        for (var r = 0; r < 3; r++)
        {
            var factor = random.Uniform(0.75, 1.3);
            for (var col = 0; col < 3; col++) rows[3 * r + col] /= factor;
        }
        return rows;
    }
}
