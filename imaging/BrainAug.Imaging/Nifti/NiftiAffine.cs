namespace BrainAug.Imaging.Nifti;

/// <summary>
/// Voxel-to-world affines (4x4, row-major) for NIfTI headers: which of sform/qform applies, and the
/// quaternion conversions of the NIfTI-1 standard (nifti1.h, "METHOD 2").
/// </summary>
public static class NiftiAffine
{
    /// <summary>The affine a reader should use: sform if set, else qform, else one built from pixdim
    /// centred on the volume (the same order of preference as NiBabel).</summary>
    public static double[,] Best(NiftiHeader header)
    {
        if (header.SformCode > 0) return FromSform(header);
        if (header.QformCode > 0) return FromQform(header);
        return Centred(header);
    }

    public static double[,] FromSform(NiftiHeader header)
    {
        var affine = Identity();
        for (var row = 0; row < 3; row++)
            for (var col = 0; col < 4; col++)
                affine[row, col] = header.SRows[row * 4 + col];
        return affine;
    }

    public static double[,] FromQform(NiftiHeader header)
    {
        double b = header.QuaternB, c = header.QuaternC, d = header.QuaternD;
        var aSquared = 1.0 - (b * b + c * c + d * d);
        double a;
        if (aSquared < 1e-7)
        {
            // The standard's rule for a 180-degree rotation: a = 0 and (b,c,d) renormalised.
            var norm = Math.Sqrt(b * b + c * c + d * d);
            (a, b, c, d) = (0, b / norm, c / norm, d / norm);
        }
        else
        {
            a = Math.Sqrt(aSquared);
        }

        var qfac = header.PixDim[0] < 0 ? -1.0 : 1.0;
        double[] zooms = [header.PixDim[1], header.PixDim[2], header.PixDim[3] * qfac];
        double[,] rotation =
        {
            { a * a + b * b - c * c - d * d, 2 * (b * c - a * d), 2 * (b * d + a * c) },
            { 2 * (b * c + a * d), a * a + c * c - b * b - d * d, 2 * (c * d - a * b) },
            { 2 * (b * d - a * c), 2 * (c * d + a * b), a * a + d * d - c * c - b * b },
        };
        var affine = Identity();
        for (var row = 0; row < 3; row++)
            for (var col = 0; col < 3; col++)
                affine[row, col] = rotation[row, col] * zooms[col];
        affine[0, 3] = header.QoffsetX;
        affine[1, 3] = header.QoffsetY;
        affine[2, 3] = header.QoffsetZ;
        return affine;
    }

    /// <summary>No orientation stored: voxel sizes from pixdim, x flipped (radiological convention),
    /// origin at the volume centre -- what NiBabel reports for such files.</summary>
    public static double[,] Centred(NiftiHeader header)
    {
        var affine = Identity();
        double[] sign = [-1, 1, 1];
        for (var axis = 0; axis < 3; axis++)
        {
            var size = axis < header.Shape.Length ? header.Shape[axis] : 1;
            double zoom = header.PixDim[axis + 1];
            affine[axis, axis] = sign[axis] * zoom;
            affine[axis, 3] = -sign[axis] * zoom * (size - 1) / 2.0;
        }
        return affine;
    }

    /// <summary>Stores <paramref name="affine"/> as both sform and qform (codes set to
    /// <paramref name="code"/>, 2 = "aligned"). A shear, which a quaternion cannot hold, is kept
    /// exactly in the sform; the qform then gets the nearest rotation.</summary>
    public static void Store(NiftiHeader header, double[,] affine, short code = 2)
    {
        for (var row = 0; row < 3; row++)
            for (var col = 0; col < 4; col++)
                header.SRows[row * 4 + col] = (float)affine[row, col];
        header.SformCode = code;

        var zooms = new double[3];
        var rotation = new double[3, 3];
        for (var col = 0; col < 3; col++)
        {
            zooms[col] = Math.Sqrt(affine[0, col] * affine[0, col] + affine[1, col] * affine[1, col] + affine[2, col] * affine[2, col]);
            if (zooms[col] == 0) zooms[col] = 1;
            for (var row = 0; row < 3; row++) rotation[row, col] = affine[row, col] / zooms[col];
        }
        var qfac = Determinant(rotation) < 0 ? -1f : 1f;
        if (qfac < 0)
            for (var row = 0; row < 3; row++) rotation[row, 2] = -rotation[row, 2];

        var (b, c, d) = QuaternionOf(rotation);
        header.QuaternB = (float)b;
        header.QuaternC = (float)c;
        header.QuaternD = (float)d;
        header.QoffsetX = (float)affine[0, 3];
        header.QoffsetY = (float)affine[1, 3];
        header.QoffsetZ = (float)affine[2, 3];
        header.QformCode = code;
        header.PixDim[0] = qfac;
        for (var axis = 0; axis < 3; axis++) header.PixDim[axis + 1] = (float)zooms[axis];
    }

    public static double[,] Identity()
    {
        var identity = new double[4, 4];
        for (var i = 0; i < 4; i++) identity[i, i] = 1;
        return identity;
    }

    /// <summary>Quaternion (b,c,d) with a >= 0 of a proper rotation matrix.</summary>
    private static (double B, double C, double D) QuaternionOf(double[,] r)
    {
        double a, b, c, d;
        var trace = r[0, 0] + r[1, 1] + r[2, 2];
        if (trace > 0)
        {
            var s = 2 * Math.Sqrt(1 + trace);
            (a, b, c, d) = (s / 4, (r[2, 1] - r[1, 2]) / s, (r[0, 2] - r[2, 0]) / s, (r[1, 0] - r[0, 1]) / s);
        }
        else if (r[0, 0] > r[1, 1] && r[0, 0] > r[2, 2])
        {
            var s = 2 * Math.Sqrt(1 + r[0, 0] - r[1, 1] - r[2, 2]);
            (a, b, c, d) = ((r[2, 1] - r[1, 2]) / s, s / 4, (r[0, 1] + r[1, 0]) / s, (r[0, 2] + r[2, 0]) / s);
        }
        else if (r[1, 1] > r[2, 2])
        {
            var s = 2 * Math.Sqrt(1 + r[1, 1] - r[0, 0] - r[2, 2]);
            (a, b, c, d) = ((r[0, 2] - r[2, 0]) / s, (r[0, 1] + r[1, 0]) / s, s / 4, (r[1, 2] + r[2, 1]) / s);
        }
        else
        {
            var s = 2 * Math.Sqrt(1 + r[2, 2] - r[0, 0] - r[1, 1]);
            (a, b, c, d) = ((r[1, 0] - r[0, 1]) / s, (r[0, 2] + r[2, 0]) / s, (r[1, 2] + r[2, 1]) / s, s / 4);
        }
        return a < 0 ? (-b, -c, -d) : (b, c, d);
    }

    /// <summary>Determinant of the top-left 3x3 block (the linear part of a 4x4 affine).</summary>
    internal static double Determinant(double[,] m) =>
        m[0, 0] * (m[1, 1] * m[2, 2] - m[1, 2] * m[2, 1])
        - m[0, 1] * (m[1, 0] * m[2, 2] - m[1, 2] * m[2, 0])
        + m[0, 2] * (m[1, 0] * m[2, 1] - m[1, 1] * m[2, 0]);
}
