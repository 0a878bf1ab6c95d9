using System.Buffers;
using System.IO.Compression;

namespace BrainAug.Imaging.Nifti;

/// <summary>
/// Reads single-file NIfTI-1 images (.nii, .nii.gz; gzip is recognised by its magic bytes, not the name).
/// Every defect in the file surfaces as <see cref="NiftiFormatException"/>; memory grows only with data
/// actually present, so a tiny file that claims a huge image fails without allocating it.
/// </summary>
/// <remarks>
/// Header fields that can hold invalid values are repaired where NiBabel 5 and nifti1_io agree on a meaning
/// (or one of them gives one and the other a NaN), and refused, naming the field, where the intended value is
/// unknown. A repaired header is what <see cref="NiftiImage.Header"/> holds and what a rewrite stores.
/// <list type="bullet">
/// <item>scl_slope 0 or non-finite: no scaling (both readers).</item>
/// <item>scl_inter non-finite with a valid slope: refused (NiBabel refuses; nifti1_io would use 0).</item>
/// <item>a finite stored value that scaling (or a float64 value itself) takes beyond the float32 range voxels are read
/// into: refused, naming scl_slope (or "data"), where it would otherwise read as infinity.</item>
/// <item>pixdim[1..3] (and up to dim[0]) 0, NaN or infinite: 1.0 (nifti1_io's "bad grid spacing"; NiBabel sets 0
/// to 1 but keeps NaN and infinity, which make its affine NaN). Negative: its absolute value (NiBabel).</item>
/// <item>pixdim[0] (qfac), used with the qform only: -1 flips z; 0, NaN and positive values mean 1 (both readers);
/// other negative values are refused (nifti1_io reads -1, NiBabel 1).</item>
/// <item>quatern_b/c/d, used with the qform only: non-finite refused (NiBabel gives a NaN affine, nifti1_io 0);
/// b^2+c^2+d^2 above 1 by more than three float32 epsilons refused (NiBabel refuses, nifti1_io rescales); within
/// that tolerance a 180-degree rotation (both).</item>
/// <item>qoffset_x/y/z, used with the qform only: non-finite refused (NiBabel gives NaN, nifti1_io 0).</item>
/// <item>srow_x/y/z, used when sform_code &gt; 0: non-finite values or a singular 3x3 part refused (both readers
/// would return a NaN or singular affine, and voxel sizes of 0 mm).</item>
/// <item>The fields of the affine not in use (a qform beside a valid sform) are not checked, as in NiBabel.</item>
/// <item>cal_min, cal_max, slice_duration, toffset and the intent parameters are not used and never refused.</item>
/// </list>
/// </remarks>
public static class NiftiReader
{
    /// <summary>Default cap on voxels per image: 2^29 (2 GiB as float32), far above a 4-D BraTS volume.</summary>
    public const long DefaultMaxVoxels = 1L << 29;

    private const int ChunkBytes = 16 << 20;

    /// <param name="reuse">An array to decode into when it has exactly the image's voxel count (a loader that reads
    /// case after case passes the previous case's array: fresh memory costs more than decoding on these machines).</param>
    public static NiftiImage Read(string path, long maxVoxels = DefaultMaxVoxels, float[]? reuse = null)
    {
        using var file = OpenFile(path);
        var gzipped = IsGzip(file);
        using var stream = gzipped ? new GZipStream(file, CompressionMode.Decompress) : (Stream)file;
        try
        {
            return ReadFrom(stream, gzipped ? null : file.Length, path, maxVoxels, reuse);
        }
        catch (InvalidDataException e)
        {
            throw new NiftiFormatException(path, "gzip", $"corrupt gzip stream ({e.Message})", e);
        }
    }

    /// <summary>Reads only the header (fast: for listing and validating datasets).</summary>
    public static NiftiHeader ReadHeader(string path, long maxVoxels = DefaultMaxVoxels)
    {
        using var file = OpenFile(path);
        using var stream = IsGzip(file) ? new GZipStream(file, CompressionMode.Decompress) : (Stream)file;
        try
        {
            return NiftiHeaderCodec.Parse(ReadUpTo(stream, NiftiHeader.Size), path, maxVoxels);
        }
        catch (InvalidDataException e)
        {
            throw new NiftiFormatException(path, "gzip", $"corrupt gzip stream ({e.Message})", e);
        }
    }

    private static NiftiImage ReadFrom(Stream stream, long? fileLength, string path, long maxVoxels, float[]? reuse)
    {
        var header = NiftiHeaderCodec.Parse(ReadUpTo(stream, NiftiHeader.Size), path, maxVoxels);
        var dataOffset = (long)header.VoxOffset;
        var dataBytes = header.VoxelCount * NiftiDataTypes.BytesPerVoxel(header.DataType);
        if (fileLength is { } length && length < dataOffset + dataBytes)
            throw DataTooShort(path, header, Math.Max(0, length - dataOffset), dataBytes);

        if (Skip(stream, dataOffset - NiftiHeader.Size) < dataOffset - NiftiHeader.Size)
            throw DataTooShort(path, header, 0, dataBytes);

        var chunks = ReadChunks(stream, dataBytes);
        try
        {
            var have = chunks.Sum(chunk => (long)chunk.Length);
            if (have < dataBytes)
                throw DataTooShort(path, header, have, dataBytes);
            var data = reuse?.LongLength == header.VoxelCount ? reuse : new float[header.VoxelCount];
            Decode(chunks, header, path, data);
            return new NiftiImage(header, data);
        }
        finally
        {
            foreach (var chunk in chunks) ArrayPool<byte>.Shared.Return(chunk.Buffer);
        }
    }

    private static void Decode(List<Chunk> chunks, NiftiHeader header, string path, float[] data)
    {
        var size = NiftiDataTypes.BytesPerVoxel(header.DataType);
        double slope = header.HasScaling ? header.SclSlope : 1, inter = header.HasScaling ? header.SclInter : 0;
        long index = 0;
        foreach (var chunk in chunks)
        {
            var count = chunk.Length / size;
            var overflow = VoxelCodec.Decode(chunk.Buffer.AsSpan(0, chunk.Length), header.DataType, header.BigEndian, slope, inter, data.AsSpan((int)index, count));
            if (overflow >= 0) throw OutOfFloatRange(path, header, index + overflow);
            index += count;
        }
    }

    /// <summary>Bytes read into a pooled buffer (pooled: a fresh 16 MB array per chunk cost as much as inflating it).</summary>
    private readonly record struct Chunk(byte[] Buffer, int Length);

    /// <summary>Reads <paramref name="total"/> bytes in chunks (a multiple of every voxel size) so the
    /// memory used follows the bytes present, not the size the header claims. The caller returns the buffers.</summary>
    private static List<Chunk> ReadChunks(Stream stream, long total)
    {
        var chunks = new List<Chunk>();
        for (long done = 0; done < total;)
        {
            var want = (int)Math.Min(ChunkBytes, total - done);
            var buffer = ArrayPool<byte>.Shared.Rent(want);
            var read = stream.ReadAtLeast(buffer.AsSpan(0, want), want, throwOnEndOfStream: false);
            chunks.Add(new Chunk(buffer, read));
            done += read;
            if (read < want) break;
        }
        return chunks;
    }

    /// <summary>Reads and drops up to <paramref name="count"/> bytes through a small buffer (a gzip stream cannot
    /// seek, and a corrupt vox_offset may claim gigabytes); returns how many were there.</summary>
    private static long Skip(Stream stream, long count)
    {
        var buffer = new byte[(int)Math.Min(count, 1 << 16)];
        long skipped = 0;
        while (skipped < count)
        {
            var read = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, count - skipped));
            if (read == 0) break;
            skipped += read;
        }
        return skipped;
    }

    private static byte[] ReadUpTo(Stream stream, int count)
    {
        var buffer = new byte[count];
        var read = stream.ReadAtLeast(buffer, count, throwOnEndOfStream: false);
        return read == count ? buffer : buffer[..read];
    }

    /// <summary>Voxels are read into float32: a finite value beyond its range would silently read as infinity.</summary>
    private static NiftiFormatException OutOfFloatRange(string path, NiftiHeader header, long voxel) => header.HasScaling
        ? new(path, "scl_slope", $"scl_slope {header.SclSlope} and scl_inter {header.SclInter} take the stored value of voxel {voxel} beyond the float32 range")
        : new(path, "data", $"voxel {voxel} holds a {header.DataType} value beyond the float32 range");

    private static NiftiFormatException DataTooShort(string path, NiftiHeader header, long have, long need) =>
        new(path, "data", $"holds {have} bytes of voxel data but dim {string.Join('x', header.Shape)} of {header.DataType} needs {need} (file truncated?)");

    private static FileStream OpenFile(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path}: no such NIfTI file", path);
        return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
    }

    private static bool IsGzip(FileStream file)
    {
        Span<byte> magic = stackalloc byte[2];
        var read = file.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        file.Position = 0;
        return read == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
    }
}
