using System.IO.Compression;

namespace BrainAug.Imaging.Nifti;

/// <summary>
/// Reads single-file NIfTI-1 images (.nii, .nii.gz; gzip is recognised by its magic bytes, not the name).
/// Every defect in the file surfaces as <see cref="NiftiFormatException"/>; memory grows only with data
/// actually present, so a tiny file that claims a huge image fails without allocating it.
/// </summary>
public static class NiftiReader
{
    /// <summary>Default cap on voxels per image: 2^29 (2 GiB as float32), far above a 4-D BraTS volume.</summary>
    public const long DefaultMaxVoxels = 1L << 29;

    private const int ChunkBytes = 16 << 20;

    public static NiftiImage Read(string path, long maxVoxels = DefaultMaxVoxels)
    {
        using var file = OpenFile(path);
        var gzipped = IsGzip(file);
        using var stream = gzipped ? new GZipStream(file, CompressionMode.Decompress) : (Stream)file;
        try
        {
            return ReadFrom(stream, gzipped ? null : file.Length, path, maxVoxels);
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

    private static NiftiImage ReadFrom(Stream stream, long? fileLength, string path, long maxVoxels)
    {
        var header = NiftiHeaderCodec.Parse(ReadUpTo(stream, NiftiHeader.Size), path, maxVoxels);
        var dataOffset = (long)header.VoxOffset;
        var dataBytes = header.VoxelCount * NiftiDataTypes.BytesPerVoxel(header.DataType);
        if (fileLength is { } length && length < dataOffset + dataBytes)
            throw DataTooShort(path, header, Math.Max(0, length - dataOffset), dataBytes);

        if (Skip(stream, dataOffset - NiftiHeader.Size) < dataOffset - NiftiHeader.Size)
            throw DataTooShort(path, header, 0, dataBytes);

        var chunks = ReadChunks(stream, dataBytes);
        var have = chunks.Sum(chunk => (long)chunk.Length);
        if (have < dataBytes)
            throw DataTooShort(path, header, have, dataBytes);
        return new NiftiImage(header, Decode(chunks, header));
    }

    private static float[] Decode(List<byte[]> chunks, NiftiHeader header)
    {
        var data = new float[header.VoxelCount];
        var size = NiftiDataTypes.BytesPerVoxel(header.DataType);
        double slope = header.HasScaling ? header.SclSlope : 1, inter = header.HasScaling ? header.SclInter : 0;
        long index = 0;
        foreach (var chunk in chunks)
        {
            var count = chunk.Length / size;
            VoxelCodec.Decode(chunk, header.DataType, header.BigEndian, slope, inter, data.AsSpan((int)index, count));
            index += count;
        }
        return data;
    }

    /// <summary>Reads <paramref name="total"/> bytes in chunks (a multiple of every voxel size) so the
    /// memory used follows the bytes present, not the size the header claims.</summary>
    private static List<byte[]> ReadChunks(Stream stream, long total)
    {
        var chunks = new List<byte[]>();
        for (long done = 0; done < total;)
        {
            var want = (int)Math.Min(ChunkBytes, total - done);
            var chunk = ReadUpTo(stream, want);
            if (chunk.Length > 0) chunks.Add(chunk);
            done += chunk.Length;
            if (chunk.Length < want) break;
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
