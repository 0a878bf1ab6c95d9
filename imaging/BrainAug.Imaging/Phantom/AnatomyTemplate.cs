using BrainAug.Imaging.Nifti;

namespace BrainAug.Imaging.Phantom;

/// <summary>
/// A skull-stripped T1 brain in world millimetres (MNI-like axes: +x right, +y anterior, +z superior),
/// normalised so white matter is about 1, with the mean intensity of each tissue class. Partial-volume
/// fractions of CSF, grey and white matter are read off the T1 value between those means.
/// </summary>
public sealed class AnatomyTemplate
{
    /// <summary>Debian package mricron-data: Colin27, skull-stripped T1, 1 mm (BSD-3).</summary>
    public const string Colin27Path = "/usr/share/mricron/templates/ch2bet.nii.gz";

    private readonly float[] _t1;
    private readonly int _nx, _ny, _nz;
    private readonly double _ox, _oy, _oz;

    public AnatomyTemplate(string source, float[] t1, int[] shape, double[] origin)
    {
        Source = source;
        (_t1, _nx, _ny, _nz) = (t1, shape[0], shape[1], shape[2]);
        (_ox, _oy, _oz) = (origin[0], origin[1], origin[2]);
        var (csf, grey, white) = TissueClustering.ClassMeans(t1);
        var scale = 1.0 / white;
        for (var i = 0; i < _t1.Length; i++) _t1[i] = (float)(_t1[i] * scale);
        (CsfMean, GreyMean, WhiteMean) = (csf * scale, grey * scale, 1.0);
    }

    /// <summary>Where the anatomy came from (a file path, or "procedural").</summary>
    public string Source { get; }

    public double CsfMean { get; }

    public double GreyMean { get; }

    public double WhiteMean { get; }

    /// <summary>Colin27 when the file is present, the procedural brain otherwise.</summary>
    public static AnatomyTemplate LoadDefault(string? path = Colin27Path) =>
        path is not null && File.Exists(path) ? Load(path) : ProceduralBrain.Create();

    /// <summary>Reads a skull-stripped T1 whose affine is axis-aligned with positive 1 mm voxels (as Colin27 is).</summary>
    public static AnatomyTemplate Load(string path)
    {
        var image = NiftiReader.Read(path);
        var affine = image.Affine;
        var axisAligned = image.Shape.Length == 3 && Enumerable.Range(0, 3).All(r => Enumerable.Range(0, 3).All(c =>
            Math.Abs(affine[r, c] - (r == c ? 1 : 0)) < 1e-3));
        if (!axisAligned)
            throw new NiftiFormatException(path, "sform", "the anatomy template must be a 3-D volume with an axis-aligned 1 mm affine (RAS), like Colin27 ch2bet");
        return new AnatomyTemplate(path, image.Data, image.Shape, [affine[0, 3], affine[1, 3], affine[2, 3]]);
    }

    /// <summary>Trilinear T1 at a world point; 0 outside the volume (background).</summary>
    public float Sample(double x, double y, double z)
    {
        double fx = x - _ox, fy = y - _oy, fz = z - _oz;
        if (fx < 0 || fy < 0 || fz < 0 || fx >= _nx - 1 || fy >= _ny - 1 || fz >= _nz - 1) return 0;
        int ix = (int)fx, iy = (int)fy, iz = (int)fz;
        double dx = fx - ix, dy = fy - iy, dz = fz - iz;
        var i = ix + _nx * (iy + _ny * iz);
        int sy = _nx, sz = _nx * _ny;
        var c00 = _t1[i] + (_t1[i + 1] - _t1[i]) * dx;
        var c10 = _t1[i + sy] + (_t1[i + sy + 1] - _t1[i + sy]) * dx;
        var c01 = _t1[i + sz] + (_t1[i + sz + 1] - _t1[i + sz]) * dx;
        var c11 = _t1[i + sy + sz] + (_t1[i + sy + sz + 1] - _t1[i + sy + sz]) * dx;
        var c0 = c00 + (c10 - c00) * dy;
        var c1 = c01 + (c11 - c01) * dy;
        return (float)(c0 + (c1 - c0) * dz);
    }

    /// <summary>Whether a sampled T1 value is brain rather than background (half the CSF level).</summary>
    public bool IsBrain(float t1) => t1 > 0.5 * CsfMean;

    /// <summary>CSF, grey and white matter fractions for a T1 value (linear between class means).</summary>
    public (double Csf, double Grey, double White) Fractions(float t1)
    {
        if (t1 <= CsfMean) return (1, 0, 0);
        if (t1 <= GreyMean)
        {
            var f = (t1 - CsfMean) / (GreyMean - CsfMean);
            return (1 - f, f, 0);
        }
        if (t1 <= WhiteMean)
        {
            var f = (t1 - GreyMean) / (WhiteMean - GreyMean);
            return (0, 1 - f, f);
        }
        return (0, 0, 1);
    }
}
