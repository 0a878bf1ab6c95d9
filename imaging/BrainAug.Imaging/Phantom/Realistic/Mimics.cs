using BrainAug.Imaging.Common;

namespace BrainAug.Imaging.Phantom.Realistic;

/// <summary>
/// Normal structures that look like tumour, so that brightness alone does not find it: on T1ce the falx and the
/// dural venous sinuses beside it, cortical veins in the sulci and the choroid plexus in the lateral ventricles all
/// enhance (as on any post-gadolinium scan); on FLAIR/T2, small white-matter hyperintensities. Positions are in the
/// template's (MNI) mm, after the case's deformation, so the structures follow the anatomy.
/// </summary>
internal sealed class Mimics
{
    private readonly double _falx, _plexus, _vein, _veinWidth;
    private readonly ValueNoise _veins, _plexusShape;
    private readonly (double X, double Y, double Z, double Radius)[] _spots;

    public Mimics(SeededRandom random, Func<double, double, double, bool> isWhiteMatter)
    {
        // Enhanced T1ce signal of each structure, against 0.70-1.0 for enhancing tumour (RealisticContrast).
        _falx = random.Uniform(0.85, 1.05);
        _plexus = random.Uniform(0.9, 1.1);
        _vein = random.Uniform(0.9, 1.1);
        _veinWidth = random.Uniform(0.03, 0.07);
        _veins = new ValueNoise(random.NextULong(), spacing: 9);
        _plexusShape = new ValueNoise(random.NextULong(), spacing: 4);
        var count = random.NextInt(0, LesionPrior.MaxWhiteMatterSpots + 1);
        var spots = new List<(double, double, double, double)>();
        for (var attempt = 0; spots.Count < count && attempt < 200; attempt++)
        {
            double x = random.Uniform(-50, 50), y = random.Uniform(-80, 50), z = random.Uniform(-10, 25), r = random.Uniform(1.5, 4);
            if (isWhiteMatter(x, y, z)) spots.Add((x, y, z, r));
        }
        _spots = [.. spots];
    }

    /// <summary>Enhanced T1ce signal of a normal structure at template point q with the given CSF fraction, or 0.</summary>
    public double Enhancement(double qx, double qy, double qz, double csf)
    {
        var ax = Math.Abs(qx);
        if (ax < 1.2 && csf > 0.3) return _falx;
        if (csf > 0.55 && ax is > 10 and < 32 && qy is > -48 and < -12 && qz is > -8 and < 26 && _plexusShape.At(qx, qy, qz) > -0.1) return _plexus;
        if (csf is > 0.15 and < 0.85 && Math.Abs(_veins.At(qx, qy, qz)) < _veinWidth) return _vein;
        return 0;
    }

    /// <summary>Partial-volume weight (0..1) of a white-matter hyperintensity at template point q.</summary>
    public double SpotWeight(double qx, double qy, double qz)
    {
        var weight = 0.0;
        foreach (var (x, y, z, r) in _spots)
        {
            double dx = qx - x, dy = qy - y, dz = qz - z;
            var d = Math.Sqrt(dx * dx + dy * dy + dz * dz);
            weight = Math.Max(weight, Math.Clamp(r + 0.5 - d, 0, 1));
        }
        return weight;
    }
}
