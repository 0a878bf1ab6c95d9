using System.Buffers.Binary;
using System.Globalization;
using BrainAug.Imaging.Nifti;
using BrainAug.TestSupport;

namespace BrainAug.Imaging.Tests.Nifti;

/// <summary>
/// Header fields with invalid values (zero, negative or non-finite floats, a quaternion that is not a rotation):
/// each is repaired or refused as <see cref="NiftiReader"/> documents, and compared with what NiBabel does with
/// the same bytes.
/// </summary>
public class NiftiHeaderRepairTests : IDisposable
{
    /// <summary>What NiBabel does with a case, next to our decision.</summary>
    public enum Nibabel
    {
        /// <summary>NiBabel reads the same values and affine as we do.</summary>
        Same,
        /// <summary>NiBabel refuses the file, as we do.</summary>
        Refuses,
        /// <summary>NiBabel returns a non-finite or singular affine (a silent wrong answer); we repair or refuse.</summary>
        Degenerate,
        /// <summary>NiBabel reads it but nifti1_io reads it differently; we refuse.</summary>
        Disagrees,
    }

    private enum Orientation { Sform, QformOnly, None }

    private static readonly double[] Spacing = [1.5, 2, 2.5];
    private static readonly double[] Origin = [-3, 4, 1];
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    /// <summary>(case, orientation kept, the mutation, the field we refuse or null, the spacings we read, NiBabel).</summary>
    private static readonly (string Name, Orientation Orientation, Action<byte[]> Change, string? Refused, double[] Spacing, Nibabel Nibabel)[] Cases =
    [
        ("scl_slope NaN", Orientation.Sform, b => Float(b, 112, float.NaN), null, Spacing, Nibabel.Same),
        ("scl_slope +inf", Orientation.Sform, b => Float(b, 112, float.PositiveInfinity), null, Spacing, Nibabel.Same),
        ("scl_slope 0", Orientation.Sform, b => Float(b, 112, 0), null, Spacing, Nibabel.Same),
        ("scl_inter NaN", Orientation.Sform, b => Float(b, 116, float.NaN), "scl_inter", Spacing, Nibabel.Refuses),
        ("scl_inter -inf", Orientation.Sform, b => Float(b, 116, float.NegativeInfinity), "scl_inter", Spacing, Nibabel.Refuses),
        ("scl_slope overflowing float32", Orientation.Sform, b => Float(b, 112, 1e38f), "scl_slope", Spacing, Nibabel.Disagrees),
        ("pixdim[1] 0, qform", Orientation.QformOnly, b => Float(b, 80, 0), null, [1, 2, 2.5], Nibabel.Same),
        ("pixdim[2] -2.25, qform", Orientation.QformOnly, b => Float(b, 84, -2.25f), null, [1.5, 2.25, 2.5], Nibabel.Same),
        ("pixdim[3] NaN, qform", Orientation.QformOnly, b => Float(b, 88, float.NaN), null, [1.5, 2, 1], Nibabel.Degenerate),
        ("pixdim[1] +inf, qform", Orientation.QformOnly, b => Float(b, 80, float.PositiveInfinity), null, [1, 2, 2.5], Nibabel.Degenerate),
        ("pixdim[1] 0, no orientation", Orientation.None, b => Float(b, 80, 0), null, [1, 2, 2.5], Nibabel.Same),
        ("pixdim[3] -inf, no orientation", Orientation.None, b => Float(b, 88, float.NegativeInfinity), null, [1.5, 2, 1], Nibabel.Degenerate),
        ("pixdim[1] 0, sform", Orientation.Sform, b => Float(b, 80, 0), null, Spacing, Nibabel.Same),
        ("qfac 0", Orientation.QformOnly, b => Float(b, 76, 0), null, Spacing, Nibabel.Same),
        ("qfac NaN", Orientation.QformOnly, b => Float(b, 76, float.NaN), null, Spacing, Nibabel.Same),
        ("qfac -0.5", Orientation.QformOnly, b => Float(b, 76, -0.5f), "pixdim[0]", Spacing, Nibabel.Disagrees),
        ("quatern_b 2", Orientation.QformOnly, b => Float(b, 256, 2), "quatern_b/c/d", Spacing, Nibabel.Refuses),
        ("quatern_b 1 + 1e-7", Orientation.QformOnly, b => Float(b, 256, 1.0000001f), null, Spacing, Nibabel.Same),
        ("quatern_c NaN", Orientation.QformOnly, b => Float(b, 260, float.NaN), "quatern_c", Spacing, Nibabel.Degenerate),
        ("qoffset_z +inf", Orientation.QformOnly, b => Float(b, 276, float.PositiveInfinity), "qoffset_z", Spacing, Nibabel.Degenerate),
        ("quatern_b 2 beside a valid sform", Orientation.Sform, b => Float(b, 256, 2), null, Spacing, Nibabel.Same),
        ("srow_x[0] NaN", Orientation.Sform, b => Float(b, 280, float.NaN), "srow_x[0]", Spacing, Nibabel.Degenerate),
        ("srow_y[1] 0 (a zero voxel axis)", Orientation.Sform, b => Float(b, 300, 0), "srow_x/y/z", Spacing, Nibabel.Degenerate),
        ("cal_max, slice_duration, toffset, intent_p1 NaN", Orientation.Sform, b => { foreach (var at in new[] { 124, 132, 136, 56 }) Float(b, at, float.NaN); }, null, Spacing, Nibabel.Same),
    ];

    public static TheoryData<string> CaseNames => [.. Cases.Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void ReadInvalidField_RepairedOrRefusedAsDocumented(string name)
    {
        var testCase = Cases.Single(c => c.Name == name);
        var path = Write(testCase.Name, testCase.Orientation, testCase.Change);

        if (testCase.Refused is { } field)
        {
            var error = Assert.Throws<NiftiFormatException>(() => NiftiReader.Read(path));
            Assert.Equal(field, error.Field);
            return;
        }
        var image = NiftiReader.Read(path);
        var affine = image.Affine;
        for (var axis = 0; axis < 3; axis++)
        {
            var length = Math.Sqrt(Enumerable.Range(0, 3).Sum(row => affine[row, axis] * affine[row, axis]));
            Assert.Equal(testCase.Spacing[axis], length, 5);
        }
        Assert.All(Enumerable.Range(0, 16), i => Assert.True(double.IsFinite(affine[i / 4, i % 4])));
        var scalingDropped = name.StartsWith("scl_slope", StringComparison.Ordinal); // slope 0 or non-finite: stored values as they are
        Assert.Equal(ExpectedValues(scaled: !scalingDropped), image.Data);
    }

    [Fact]
    public void ReadInvalidFields_AgreeWithNibabelWhereItGivesAnAnswer()
    {
        const string script = """
            import sys, numpy as np, nibabel as nib
            def fmt(v):
                return 'NaN' if np.isnan(v) else ('Infinity' if v > 0 else '-Infinity') if np.isinf(v) else repr(float(v))
            for path in sys.argv[1:]:
                try:
                    img = nib.load(path)
                    data = img.get_fdata().ravel(order='F')
                    print(path, 'OK', ','.join(fmt(v) for v in img.affine.ravel()), ','.join(fmt(v) for v in data))
                except Exception as e:
                    print(path, 'ERROR', type(e).__name__, str(e).replace('\n', ' '))
            """;
        var paths = Cases.Select(c => Write(c.Name, c.Orientation, c.Change)).ToArray();

        var lines = ReferencePython.Run(script, paths).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(Cases.Length, lines.Length);
        for (var i = 0; i < Cases.Length; i++)
        {
            var (name, _, _, refused, _, nibabel) = Cases[i];
            var parts = lines[i].Split(' ');
            Assert.Equal(paths[i], parts[0]);
            var nibabelRead = parts[1] == "OK";
            switch (nibabel)
            {
                case Nibabel.Refuses:
                    Assert.False(nibabelRead, $"{name}: NiBabel read it");
                    Assert.NotNull(refused);
                    break;
                case Nibabel.Degenerate:
                    Assert.True(nibabelRead, $"{name}: {lines[i]}");
                    Assert.False(Regular(Numbers(parts[2])), $"{name}: NiBabel's affine is regular: {parts[2]}");
                    break;
                case Nibabel.Disagrees:
                    Assert.True(nibabelRead, $"{name}: {lines[i]}");
                    Assert.NotNull(refused);
                    break;
                default:
                    Assert.True(nibabelRead, $"{name}: {lines[i]}");
                    var image = NiftiReader.Read(paths[i]);
                    var affine = Numbers(parts[2]);
                    Assert.All(Enumerable.Range(0, 16), k => Assert.Equal(affine[k], image.Affine[k / 4, k % 4], 4));
                    Assert.Equal(Numbers(parts[3]), image.Data.Select(v => (double)v).ToArray());
                    break;
            }
        }
    }

    /// <summary>A 4x3x2 int16 image of 1 + 2k (scl_slope 2, scl_inter 1), spacing 1.5 x 2 x 2.5 mm, with the
    /// orientation fields asked for, then <paramref name="change"/> applied to the header bytes.</summary>
    private string Write(string name, Orientation orientation, Action<byte[]> change)
    {
        var affine = new double[,] { { Spacing[0], 0, 0, Origin[0] }, { 0, Spacing[1], 0, Origin[1] }, { 0, 0, Spacing[2], Origin[2] }, { 0, 0, 0, 1 } };
        var image = NiftiImage.Create([4, 3, 2], ExpectedValues(scaled: true), affine, NiftiDataType.Int16);
        image.Header.SclSlope = 2;
        image.Header.SclInter = 1;
        var path = _temp.File(string.Concat(name.Select(c => char.IsLetterOrDigit(c) ? c : '_')) + ".nii");
        NiftiWriter.Write(path, image);
        var bytes = File.ReadAllBytes(path);
        if (orientation != Orientation.Sform) BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(254), 0);
        if (orientation == Orientation.None) BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(252), 0);
        change(bytes);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>1 + 2k as stored with scaling; the stored k itself when the scaling is dropped.</summary>
    private static float[] ExpectedValues(bool scaled) => [.. Enumerable.Range(0, 24).Select(k => scaled ? 1f + 2 * k : k)];

    private static void Float(byte[] bytes, int offset, float value) => BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(offset), value);

    private static double[] Numbers(string csv) => [.. csv.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture))];

    /// <summary>Finite, with a 3x3 part whose determinant is not zero.</summary>
    private static bool Regular(double[] affine)
    {
        if (!affine.All(double.IsFinite)) return false;
        double M(int r, int c) => affine[r * 4 + c];
        var determinant = M(0, 0) * (M(1, 1) * M(2, 2) - M(1, 2) * M(2, 1)) - M(0, 1) * (M(1, 0) * M(2, 2) - M(1, 2) * M(2, 0)) + M(0, 2) * (M(1, 0) * M(2, 1) - M(1, 1) * M(2, 0));
        return determinant != 0;
    }
}
