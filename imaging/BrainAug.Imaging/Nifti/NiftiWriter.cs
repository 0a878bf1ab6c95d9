using System.IO.Compression;
using BrainAug.Contracts;

namespace BrainAug.Imaging.Nifti;

/// <summary>
/// Writes single-file NIfTI-1 images, little-endian, gzip-compressed when the name ends in ".gz".
/// The file appears under its name only once complete (written to a temporary name, then renamed),
/// so a crash never leaves a half-written image behind.
/// </summary>
public static class NiftiWriter
{
    private const int VoxelsPerBlock = 1 << 20;

    public static void Write(string path, NiftiImage image, CompressionLevel gzipLevel = CompressionLevel.Fastest)
    {
        var header = image.Header.Clone();
        header.VoxOffset = NiftiHeader.Size + 4;
        AtomicFile.Write(path, temporary =>
        {
            using var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
            using var stream = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, gzipLevel) : (Stream)file;
            stream.Write(NiftiHeaderCodec.Write(header));
            stream.Write(new byte[4]); // empty extension flag: no header extensions follow
            WriteVoxels(stream, image.Data, header);
        });
    }

    private static void WriteVoxels(Stream stream, float[] data, NiftiHeader header)
    {
        var size = NiftiDataTypes.BytesPerVoxel(header.DataType);
        double slope = header.HasScaling ? header.SclSlope : 1, inter = header.HasScaling ? header.SclInter : 0;
        var block = new byte[VoxelsPerBlock * size];
        for (var start = 0; start < data.Length; start += VoxelsPerBlock)
        {
            var count = Math.Min(VoxelsPerBlock, data.Length - start);
            VoxelCodec.Encode(data.AsSpan(start, count), header.DataType, slope, inter, block);
            stream.Write(block, 0, count * size);
        }
    }
}
