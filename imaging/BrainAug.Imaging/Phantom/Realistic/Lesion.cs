using BrainAug.Contracts.Imaging;
using BrainAug.Imaging.Common;
using BrainAug.Imaging.Datasets;

namespace BrainAug.Imaging.Phantom.Realistic;

/// <summary>
/// One focus of the realistic phantom: an ellipsoidal, slightly lumpy tumour core whose axial cross-section at its
/// centre has the area of the drawn core volume's equal sphere, enhancing in one of the <see cref="EnhancementPattern"/>s,
/// with edema around it that reaches further along white matter, and mass effect. Sizes in mm, positions in world mm.
/// </summary>
public sealed class Lesion
{
    private const double Lumpiness = 0.1;
    private readonly double _cosAngle, _sinAngle, _inPlaneRatio, _depthFactor;
    private readonly ValueNoise _shape, _rim, _edema, _pattern, _texture;

    public Lesion(SeededRandom random, string region, double cx, double cy, double cz, double coreVolumeMl, EnhancementPattern pattern)
    {
        (Region, CentreX, CentreY, CentreZ, CoreVolumeMl, Pattern) = (region, cx, cy, cz, coreVolumeMl, pattern);
        Radius = RadiusOf(coreVolumeMl);
        var angle = random.Uniform(0, Math.PI);
        (_cosAngle, _sinAngle) = (Math.Cos(angle), Math.Sin(angle));
        _inPlaneRatio = random.Uniform(0.75, 1.33);
        _depthFactor = random.Uniform(0.75, 1.3);
        CoreFraction = pattern switch
        {
            EnhancementPattern.CompleteRing or EnhancementPattern.OpenRing => random.Uniform(0.4, 0.75),
            EnhancementPattern.ThickIrregular => random.Uniform(0.15, 0.45),
            _ => 0,
        };
        EdemaReach = random.Uniform(LesionPrior.EdemaReachMin, LesionPrior.EdemaReachMax);
        MassEffect = random.Uniform(0.15, 0.5) * Radius;
        // Enhancement strength and the core's own signal vary by lesion, so enhancing intensities overlap those of
        // normal enhancing structures and of other lesions.
        EnhancementStrength = random.Uniform(0.55, 1.0);
        var key = random.NextULong();
        _shape = new ValueNoise(key, spacing: Math.Max(4, Radius * 0.8));
        _rim = new ValueNoise(key + 1, spacing: 3);
        _edema = new ValueNoise(key + 2, spacing: 12);
        _pattern = new ValueNoise(key + 3, spacing: Math.Max(3, Radius * 0.5));
        _texture = new ValueNoise(key + 4, spacing: 2);
        // Labels need s < 1.4 * EdemaReach with s >= distance / (1.3 * 1.1 * Radius) (largest semi-axis factor, largest
        // lump), so nothing is labelled beyond 2 * EdemaReach * Radius; by 4.5 radii the mass effect has decayed.
        InfluenceRadius = Math.Max(2.0 * EdemaReach, 4.5) * Radius + 2;
    }

    /// <summary>Radius (mm) of the sphere of <paramref name="coreVolumeMl"/>: the core's central cross-section is an
    /// ellipse of that circle's area.</summary>
    public static double RadiusOf(double coreVolumeMl) => Math.Cbrt(3 * coreVolumeMl * 1000 / (4 * Math.PI));

    public string Region { get; }

    public double CentreX { get; }

    public double CentreY { get; }

    public double CentreZ { get; }

    public double CoreVolumeMl { get; }

    public EnhancementPattern Pattern { get; }

    /// <summary>Radius of the equal-area circle of the core's central axial cross-section, mm.</summary>
    public double Radius { get; }

    public double CoreFraction { get; }

    public double EdemaReach { get; }

    public double MassEffect { get; }

    public double EnhancementStrength { get; }

    public double InfluenceRadius { get; }

    public bool IsNear(double x, double y, double z)
    {
        double dx = x - CentreX, dy = y - CentreY, dz = z - CentreZ;
        return dx * dx + dy * dy + dz * dz <= InfluenceRadius * InfluenceRadius;
    }

    /// <summary>Where the tissue now at (x, y, z) sat before the lesion pushed it outwards.</summary>
    public void Undisplace(ref double x, ref double y, ref double z) =>
        Phantom.MassEffect.Undisplace(ref x, ref y, ref z, CentreX, CentreY, CentreZ, Radius, MassEffect, InfluenceRadius);

    /// <summary>Internal label at a point given the tissue there, and whether a core voxel is solid (non-enhancing
    /// tumour) rather than necrosis.</summary>
    public (byte Label, bool Solid) LabelAt(double x, double y, double z, double white, double csf)
    {
        if (!IsNear(x, y, z)) return (TumourLabels.Background, false);
        var s = NormalisedRadius(x, y, z);
        if (s > EdemaReach * 1.4) return (TumourLabels.Background, false);
        var shell = 1 + 0.12 * _rim.At(x, y, z);
        if (s < shell)
        {
            var enhancing = Pattern switch
            {
                EnhancementPattern.CompleteRing => s >= CoreFraction,
                EnhancementPattern.OpenRing => s >= CoreFraction && _pattern.At(x, y, z) < 0.25,
                EnhancementPattern.ThickIrregular => s >= CoreFraction * (1 + 0.6 * _pattern.At(x, y, z)),
                EnhancementPattern.Nodular => s < 0.3 || _pattern.At(x, y, z) > 0.3, // a central nodule, and others
                _ => false,
            };
            if (enhancing) return (TumourLabels.Enhancing, false);
            return (TumourLabels.NecroticCore, s >= CoreFraction || Pattern is EnhancementPattern.Nodular or EnhancementPattern.None);
        }
        var reach = 1 + (EdemaReach - 1) * (0.25 + 0.75 * white) * (1 + 0.2 * _edema.At(x, y, z));
        return (s < reach && csf < 0.6 ? TumourLabels.Edema : TumourLabels.Background, false);
    }

    /// <summary>Heterogeneity inside the lesion, in [-1, 1].</summary>
    public double Texture(double x, double y, double z) => _texture.At(x, y, z);

    /// <summary>Distance from the centre in units of the local (lumpy, elliptical) core radius.</summary>
    public double NormalisedRadius(double x, double y, double z)
    {
        double dx = x - CentreX, dy = y - CentreY, dz = z - CentreZ;
        // In-plane ellipse with semi-axes R*sqrt(ratio), R/sqrt(ratio) (area pi R^2), depth R*depthFactor.
        double u = (_cosAngle * dx + _sinAngle * dy) / Math.Sqrt(_inPlaneRatio);
        double v = (-_sinAngle * dx + _cosAngle * dy) * Math.Sqrt(_inPlaneRatio);
        double w = dz / _depthFactor;
        return Math.Sqrt(u * u + v * v + w * w) / (Radius * (1 + Lumpiness * _shape.At(x, y, z)));
    }
}
