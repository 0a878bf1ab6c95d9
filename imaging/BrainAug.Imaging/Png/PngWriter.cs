using System.Buffers.Binary;
using System.IO.Compression;

namespace BrainAug.Imaging.Png;

/// <summary>Writes 8-bit greyscale or RGB PNG files (no native imaging library needed).</summary>
public static class PngWriter
{
    private static ReadOnlySpan<byte> Signature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary><paramref name="pixels"/> row-major: width*height bytes (grey) or width*height*3 (RGB).</summary>
    public static void Write(string path, int width, int height, byte[] pixels, bool rgb)
    {
        var channels = rgb ? 3 : 1;
        if (pixels.Length != width * height * channels)
            throw new ArgumentException($"{pixels.Length} bytes do not make a {width}x{height} {(rgb ? "RGB" : "grey")} image", nameof(pixels));
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        using var file = File.Create(path);
        file.Write(Signature);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bits per channel
        header[9] = (byte)(rgb ? 2 : 0); // colour type: truecolour or greyscale
        WriteChunk(file, "IHDR", header);
        WriteChunk(file, "IDAT", Compress(pixels, width * channels, height));
        WriteChunk(file, "IEND", []);
    }

    private static byte[] Compress(byte[] pixels, int stride, int height)
    {
        using var buffer = new MemoryStream();
        using (var zlib = new ZLibStream(buffer, CompressionLevel.Optimal))
        {
            for (var row = 0; row < height; row++)
            {
                zlib.WriteByte(0); // filter: none
                zlib.Write(pixels, row * stride, stride);
            }
        }
        return buffer.ToArray();
    }

    private static void WriteChunk(Stream stream, string type, byte[] data)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        stream.Write(length);
        var typeBytes = System.Text.Encoding.ASCII.GetBytes(type);
        stream.Write(typeBytes);
        stream.Write(data);
        Span<byte> checksum = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(checksum, Crc32.Update(Crc32.Update(0xFFFFFFFFu, typeBytes), data) ^ 0xFFFFFFFFu);
        stream.Write(checksum);
    }
}

/// <summary>The CRC-32 (ISO-HDLC polynomial) that PNG chunks carry.</summary>
internal static class Crc32
{
    private static readonly uint[] Table = BuildTable();

    public static uint Update(uint crc, ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes) crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return crc;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            table[n] = c;
        }
        return table;
    }
}
