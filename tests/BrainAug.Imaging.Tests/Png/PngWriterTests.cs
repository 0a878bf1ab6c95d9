using BrainAug.Imaging.Png;
using BrainAug.TestSupport;

namespace BrainAug.Imaging.Tests.Png;

public class PngWriterTests
{
    /// <summary>An independent PNG decoder (Python's zlib and struct): checks signature, every chunk CRC,
    /// and prints the pixel bytes as hex.</summary>
    private const string DecodeScript = """
        import sys, struct, zlib
        data = open(sys.argv[1], 'rb').read()
        assert data[:8] == b'\x89PNG\r\n\x1a\n'
        pos, idat, header = 8, b'', None
        while pos < len(data):
            length, kind = struct.unpack('>I4s', data[pos:pos + 8])
            body = data[pos + 8:pos + 8 + length]
            crc, = struct.unpack('>I', data[pos + 8 + length:pos + 12 + length])
            assert zlib.crc32(kind + body) == crc, kind
            if kind == b'IHDR': header = struct.unpack('>IIBBBBB', body)
            if kind == b'IDAT': idat += body
            pos += 12 + length
        width, height, depth, colour = header[:4]
        channels = 3 if colour == 2 else 1
        raw = zlib.decompress(idat)
        stride = width * channels
        pixels = b''.join(raw[r * (stride + 1) + 1:(r + 1) * (stride + 1)] for r in range(height))
        assert all(raw[r * (stride + 1)] == 0 for r in range(height))
        print(width, height, channels, pixels.hex())
        """;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Write_IndependentDecoderReadsSamePixels(bool rgb)
    {
        using var temp = new TempDirectory();
        var channels = rgb ? 3 : 1;
        var pixels = Enumerable.Range(0, 5 * 3 * channels).Select(i => (byte)(i * 17)).ToArray();
        var path = temp.File("image.png");

        PngWriter.Write(path, 5, 3, pixels, rgb);

        var output = ReferencePython.Run(DecodeScript, path).Trim();
        Assert.Equal($"5 3 {channels} {Convert.ToHexStringLower(pixels)}", output);
    }

    [Fact]
    public void Write_WrongPixelCount_Throws()
    {
        using var temp = new TempDirectory();

        Assert.Throws<ArgumentException>(() => PngWriter.Write(temp.File("x.png"), 4, 4, new byte[10], rgb: false));
    }
}
