using System.Buffers.Binary;
using System.IO.Compression;
using BrainAug.Imaging.Nifti;
using BrainAug.TestSupport;

namespace BrainAug.Imaging.Tests.Nifti;

/// <summary>Every defective file raises <see cref="NiftiFormatException"/> naming the file and the field.</summary>
public class NiftiReaderBadFileTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    /// <summary>A valid 4x3x2 int16 image as raw .nii bytes.</summary>
    private static byte[] ValidBytes()
    {
        using var temp = new TempDirectory();
        var path = temp.File("valid.nii");
        var image = NiftiImage.Create([4, 3, 2], Enumerable.Range(0, 24).Select(i => (float)i).ToArray(), NiftiAffine.Identity(), NiftiDataType.Int16);
        NiftiWriter.Write(path, image);
        return File.ReadAllBytes(path);
    }

    private static byte[] With(Action<byte[]> change)
    {
        var bytes = ValidBytes();
        change(bytes);
        return bytes;
    }

    private static byte[] Gzip(byte[] bytes)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest)) gzip.Write(bytes);
        return buffer.ToArray();
    }

    public static TheoryData<string, byte[], string> BadFiles => new()
    {
        { "header cut short", ValidBytes()[..100], "sizeof_hdr" },
        { "empty file", [], "sizeof_hdr" },
        { "sizeof_hdr 123", With(b => BinaryPrimitives.WriteInt32LittleEndian(b, 123)), "sizeof_hdr" },
        { "NIfTI-2", With(b => BinaryPrimitives.WriteInt32LittleEndian(b, 540)), "sizeof_hdr" },
        { "bad magic", With(b => "abc\0"u8.CopyTo(b.AsSpan(344))), "magic" },
        { "hdr/img pair", With(b => "ni1\0"u8.CopyTo(b.AsSpan(344))), "magic" },
        { "dim[0] = 0", With(b => BinaryPrimitives.WriteInt16LittleEndian(b.AsSpan(40), 0)), "dim[0]" },
        { "dim[0] = 9", With(b => BinaryPrimitives.WriteInt16LittleEndian(b.AsSpan(40), 9)), "dim[0]" },
        { "dim[2] = 0", With(b => BinaryPrimitives.WriteInt16LittleEndian(b.AsSpan(44), 0)), "dim[2]" },
        { "dim[3] negative", With(b => BinaryPrimitives.WriteInt16LittleEndian(b.AsSpan(46), -5)), "dim[3]" },
        { "complex datatype", With(b => BinaryPrimitives.WriteInt16LittleEndian(b.AsSpan(70), 32)), "datatype" },
        { "bitpix mismatch", With(b => BinaryPrimitives.WriteInt16LittleEndian(b.AsSpan(72), 32)), "bitpix" },
        { "vox_offset NaN", With(b => BinaryPrimitives.WriteSingleLittleEndian(b.AsSpan(108), float.NaN)), "vox_offset" },
        { "vox_offset inside header", With(b => BinaryPrimitives.WriteSingleLittleEndian(b.AsSpan(108), 100)), "vox_offset" },
        { "data cut short", ValidBytes()[..^10], "data" },
        { "vox_offset past the end", With(b => BinaryPrimitives.WriteSingleLittleEndian(b.AsSpan(108), 4000)), "data" },
        { "absurd dims", With(b => { for (var i = 0; i < 3; i++) BinaryPrimitives.WriteInt16LittleEndian(b.AsSpan(42 + 2 * i), short.MaxValue); }), "dim" },
        { "gzip: data cut short", Gzip(ValidBytes()[..^10]), "data" },
        { "gzip: header cut short", Gzip(ValidBytes()[..200]), "sizeof_hdr" },
        { "gzip garbage", [0x1f, 0x8b, 0x08, 0x00, .. Enumerable.Range(0, 500).Select(i => (byte)(i * 37 % 251))], "gzip" },
        { "gzip stream cut mid-way", Gzip(ValidBytes())[..60], "sizeof_hdr" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void ReadBadFile_TypedExceptionNamesFileAndField(string scenario, byte[] bytes, string field)
    {
        var path = _temp.File(scenario.Replace(' ', '_').Replace('/', '_') + ".nii");
        File.WriteAllBytes(path, bytes);

        var error = Assert.Throws<NiftiFormatException>(() => NiftiReader.Read(path));

        Assert.Equal(field, error.Field);
        Assert.Contains(path, error.Message);
        Assert.Contains(field, error.Message);
    }

    [Fact]
    public void ReadTinyGzipClaimingHugeImage_FailsWithoutAllocatingIt()
    {
        // 1024x1024x400 float32 claims 1.6 GB of data; the file holds only a header.
        var bytes = With(b =>
        {
            BinaryPrimitives.WriteInt16LittleEndian(b.AsSpan(42), 1024);
            BinaryPrimitives.WriteInt16LittleEndian(b.AsSpan(44), 1024);
            BinaryPrimitives.WriteInt16LittleEndian(b.AsSpan(46), 400);
            BinaryPrimitives.WriteInt16LittleEndian(b.AsSpan(70), (short)NiftiDataType.Float32);
            BinaryPrimitives.WriteInt16LittleEndian(b.AsSpan(72), 32);
        });
        var path = _temp.File("huge-claim.nii.gz");
        File.WriteAllBytes(path, Gzip(bytes));
        var before = GC.GetAllocatedBytesForCurrentThread();

        var error = Assert.Throws<NiftiFormatException>(() => NiftiReader.Read(path));

        Assert.Equal("data", error.Field);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 64L << 20, "the reader allocated for data that is not there");
    }

    [Fact]
    public void ReadMissingFile_FileNotFoundNamesPath()
    {
        var path = _temp.File("absent.nii.gz");

        var error = Assert.Throws<FileNotFoundException>(() => NiftiReader.Read(path));

        Assert.Contains(path, error.Message);
    }
}
