namespace BrainAug.Imaging.Nifti;

/// <summary>
/// The header fields that can hold values with no valid meaning (zero, negative or non-finite floats, a
/// quaternion that is not a rotation), each either repaired the way the reference readers repair it or refused
/// with <see cref="NiftiFormatException"/> naming the field. The decisions, field by field, are listed on
/// <see cref="NiftiReader"/>; "NiBabel" means NiBabel 5 (Debian's python3-nibabel), "nifti1_io" the NIfTI
/// reference C library.
/// </summary>
internal static class NiftiHeaderRepair
{
    /// <summary>NiBabel's tolerance for b^2 + c^2 + d^2 above 1: three float32 epsilons.</summary>
    private const double QuaternionTolerance = 3 * 1.1920929e-7;

    /// <summary>Smallest |det| of the sform's 3x3 part over the product of its column lengths (1 for
    /// orthogonal axes): below it, two voxel axes point the same way and sizes measured in mm mean nothing.</summary>
    private const double MinSformOrthogonality = 1e-6;

    public static void Apply(NiftiHeader header, string path)
    {
        CheckScaling(header, path);
        RepairSpacings(header);
        // Only the affine a reader uses is checked, as NiBabel does: a broken qform beside a valid sform is harmless.
        if (header.SformCode > 0) CheckSform(header, path);
        else if (header.QformCode > 0) CheckQform(header, path);
    }

    private static void CheckScaling(NiftiHeader header, string path)
    {
        // A slope of 0 or a non-finite slope already means "no scaling" (both references); only a valid slope
        // makes the intercept matter. NiBabel refuses a non-finite intercept and nifti1_io uses 0: the offset
        // the writer meant is unknown, so we refuse rather than guess.
        if (header.HasScaling && !float.IsFinite(header.SclInter))
            throw new NiftiFormatException(path, "scl_inter", $"{header.SclInter} with scl_slope {header.SclSlope}: a valid slope needs a finite intercept");
    }

    /// <summary>pixdim[1..3] (and pixdim[4..dim[0]]): 0 or non-finite becomes 1.0 as nifti1_io does ("bad grid
    /// spacing"; NiBabel also sets 0 to 1 but keeps NaN and infinity, which would make the affine NaN); a negative
    /// spacing becomes its absolute value, as NiBabel does.</summary>
    private static void RepairSpacings(NiftiHeader header)
    {
        var last = Math.Max(3, header.Shape.Length);
        for (var i = 1; i <= last; i++)
        {
            var spacing = header.PixDim[i];
            header.PixDim[i] = spacing == 0 || !float.IsFinite(spacing) ? 1f : Math.Abs(spacing);
        }
    }

    private static void CheckQform(NiftiHeader header, string path)
    {
        // qfac: -1 flips z; 0, NaN and positive values mean 1 to both references. Other negative values mean -1
        // to nifti1_io and 1 to NiBabel: which way z points is unknown, so refuse.
        var qfac = header.PixDim[0];
        if (qfac < 0 && qfac != -1)
            throw new NiftiFormatException(path, "pixdim[0]", $"qfac {qfac} must be 1 or -1 (0 is read as 1); the reference readers disagree on what {qfac} means");

        (string Name, float Value)[] quaternion = [("quatern_b", header.QuaternB), ("quatern_c", header.QuaternC), ("quatern_d", header.QuaternD)];
        (string Name, float Value)[] offsets = [("qoffset_x", header.QoffsetX), ("qoffset_y", header.QoffsetY), ("qoffset_z", header.QoffsetZ)];
        // Non-finite rotation or offset: NiBabel returns a NaN affine and nifti1_io silently uses 0; refuse.
        foreach (var (name, value) in quaternion.Concat(offsets))
            if (!float.IsFinite(value))
                throw new NiftiFormatException(path, name, $"{value} in a qform-coded file (qform_code {header.QformCode}) must be finite");

        double b = header.QuaternB, c = header.QuaternC, d = header.QuaternD;
        var squaredNorm = b * b + c * c + d * d;
        // Within the tolerance both readers take a = 0 (a 180-degree rotation); beyond it NiBabel refuses and
        // nifti1_io rescales (b, c, d), inventing a rotation: refuse as NiBabel does.
        if (squaredNorm > 1 + QuaternionTolerance)
            throw new NiftiFormatException(path, "quatern_b/c/d",
                $"({b}, {c}, {d}) have b^2+c^2+d^2 = {squaredNorm:G6} > 1: not a rotation quaternion");
    }

    private static void CheckSform(NiftiHeader header, string path)
    {
        // Both references use srow values as stored, so a NaN or a degenerate sform silently becomes a NaN or
        // singular affine (and voxel sizes of 0 mm): refuse instead.
        string[] rows = ["srow_x", "srow_y", "srow_z"];
        for (var i = 0; i < 12; i++)
            if (!float.IsFinite(header.SRows[i]))
                throw new NiftiFormatException(path, $"{rows[i / 4]}[{i % 4}]", $"{header.SRows[i]} in an sform-coded file (sform_code {header.SformCode}) must be finite");

        var affine = NiftiAffine.FromSform(header);
        var lengths = new double[3];
        for (var col = 0; col < 3; col++)
            lengths[col] = Math.Sqrt(affine[0, col] * affine[0, col] + affine[1, col] * affine[1, col] + affine[2, col] * affine[2, col]);
        var determinant = NiftiAffine.Determinant(affine);
        var scale = lengths[0] * lengths[1] * lengths[2];
        if (scale == 0 || !(Math.Abs(determinant) / scale >= MinSformOrthogonality))
            throw new NiftiFormatException(path, "srow_x/y/z",
                $"the sform is singular (voxel axis lengths {lengths[0]:G4}, {lengths[1]:G4}, {lengths[2]:G4} mm, determinant {determinant:G4}): it gives no voxel size");
    }
}
