using System.Globalization;
using BrainAug.Imaging.Nifti;
using BrainAug.TestSupport;

namespace BrainAug.Imaging.Tests.Nifti;

/// <summary>Round trips against NiBabel, an independent NIfTI implementation, in both directions.</summary>
public class NiftiNibabelTests
{
    private const string CompareScript = """
        import sys, numpy as np, nibabel as nib
        path, expected, shape, affine = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
        shape = tuple(int(s) for s in shape.split(','))
        img = nib.load(path)
        data = img.get_fdata()
        want = np.fromfile(expected, dtype='<f4').reshape(shape, order='F').astype(np.float64)
        want_affine = np.array([float(v) for v in affine.split(',')]).reshape(4, 4)
        assert data.shape == shape, (data.shape, shape)
        assert np.array_equal(data, want), float(np.abs(data - want).max())
        assert np.allclose(img.affine, want_affine, atol=1e-4), (img.affine, want_affine)
        assert np.allclose(img.get_qform(), want_affine, atol=1e-4), ('qform', img.get_qform(), want_affine)
        print('OK', img.get_data_dtype())
        """;

    private const string WriteScript = """
        import sys, os, numpy as np, nibabel as nib
        out = sys.argv[1]
        rng = np.random.default_rng(7)
        c, s = np.cos(0.3), np.sin(0.3)
        rotated = np.array([[c * 0.9, -s * 1.1, 0, -20.5], [s * 0.9, c * 1.1, 0, 14.25], [0, 0, 2.0, -7], [0, 0, 0, 1]])
        def save(name, data, dtype, endian='<', affine=rotated, qform_only=False, no_orientation=False):
            hdr = nib.Nifti1Header(endianness=endian)
            hdr.set_data_dtype(dtype)
            img = nib.Nifti1Image(data, affine, header=hdr)
            if qform_only:
                img.set_sform(None, code=0)
            if no_orientation:
                img.set_sform(None, code=0); img.set_qform(None, code=0)
            path = os.path.join(out, name)
            nib.save(img, path)
            back = nib.load(path)
            raw = open(path, 'rb').read(4) if not path.endswith('.gz') else None
            if raw is not None:
                assert raw == (b'\x00\x00\x01\x5c' if endian == '>' else b'\x5c\x01\x00\x00'), raw
            back.get_fdata().astype('<f4').ravel(order='F').tofile(path + '.values')
            np.savetxt(path + '.affine', back.affine.ravel())
            print(name, ','.join(str(n) for n in back.shape))
        smooth = rng.normal(100, 40, (9, 8, 7))
        save('le_int16_scaled.nii', smooth, np.int16)
        save('be_int16_scaled.nii', smooth, np.int16, '>')
        save('be_float32.nii', rng.normal(0, 1, (6, 5, 4)).astype(np.float32), np.float32, '>')
        save('be_float64_4d.nii.gz', rng.normal(0, 1, (5, 4, 3, 2)), np.float64, '>')
        save('uint8.nii.gz', rng.integers(0, 256, (7, 6, 5)).astype(np.uint8), np.uint8)
        save('int32.nii', rng.integers(-100000, 100000, (4, 4, 4)).astype(np.int32), np.int32)
        save('be_uint16.nii', rng.integers(0, 65535, (4, 5, 6)).astype(np.uint16), np.uint16, '>')
        save('int8.nii', rng.integers(-128, 127, (3, 4, 5)).astype(np.int8), np.int8)
        save('qform_only.nii.gz', rng.normal(0, 1, (4, 4, 4)).astype(np.float32), np.float32, qform_only=True)
        save('no_orientation.nii', rng.normal(0, 1, (5, 6, 7)).astype(np.float32), np.float32, no_orientation=True)
        """;

    public static TheoryData<NiftiDataType, string, bool> OurFormats => new()
    {
        { NiftiDataType.UInt8, ".nii", false },
        { NiftiDataType.Int8, ".nii", false },
        { NiftiDataType.Int16, ".nii.gz", false },
        { NiftiDataType.Int16, ".nii", true },
        { NiftiDataType.UInt16, ".nii", false },
        { NiftiDataType.Int32, ".nii.gz", false },
        { NiftiDataType.Float32, ".nii", false },
        { NiftiDataType.Float32, ".nii.gz", true },
        { NiftiDataType.Float64, ".nii.gz", false },
    };

    [Theory]
    [MemberData(nameof(OurFormats))]
    public void WriteOurs_NibabelReadsSameArrayAndAffine(NiftiDataType type, string extension, bool fourD)
    {
        using var temp = new TempDirectory();
        int[] shape = fourD ? [6, 5, 4, 3] : [7, 6, 5];
        var scaled = type == NiftiDataType.Int16;
        var values = TestVolumes.ExactValues(shape, type, scaled);
        var affine = TestVolumes.RotatedAffine();
        var image = NiftiImage.Create(shape, values, affine, type);
        if (scaled)
        {
            image.Header.SclSlope = 0.5f;
            image.Header.SclInter = -10f;
        }
        var path = temp.File("ours" + extension);
        NiftiWriter.Write(path, image);
        var expected = temp.File("expected.f32");
        File.WriteAllBytes(expected, TestVolumes.LittleEndianBytes(values));

        var output = ReferencePython.Run(CompareScript, path, expected, string.Join(',', shape), TestVolumes.Flatten(affine));

        Assert.StartsWith("OK", output);
    }

    [Fact]
    public void ReadNibabelFiles_SameValuesAndAffine()
    {
        using var temp = new TempDirectory();
        var listing = ReferencePython.Run(WriteScript, temp.Path);
        var files = listing.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(10, files.Length);

        foreach (var line in files)
        {
            var name = line.Split(' ')[0];
            var shape = line.Split(' ')[1].Split(',').Select(int.Parse).ToArray();
            var path = temp.File(name);

            var image = NiftiReader.Read(path);

            Assert.Equal(shape, image.Shape);
            var expected = TestVolumes.ReadLittleEndianFloats(path + ".values");
            Assert.True(expected.AsSpan().SequenceEqual(image.Data), $"{name}: values differ from NiBabel's");
            var affine = File.ReadAllLines(path + ".affine").Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            for (var i = 0; i < 16; i++)
                Assert.True(Math.Abs(affine[i] - image.Affine[i / 4, i % 4]) < 1e-4, $"{name}: affine[{i / 4},{i % 4}] {image.Affine[i / 4, i % 4]} vs NiBabel {affine[i]}");
        }
        Assert.True(NiftiReader.ReadHeader(temp.File("be_float32.nii")).BigEndian);
    }
}
