using BrainAug.Contracts.Imaging;

namespace BrainAug.Imaging.Datasets;

/// <summary>
/// Square output from a W x H plane: zero-pad (centred) to a square of side max(W, H), then resize
/// (bilinear for images, nearest for labels, pixel centres aligned as PyTorch's align_corners=False).
/// </summary>
public static class SliceResampler
{
    public static void ResizeBilinear(ReadOnlySpan<float> plane, int width, int height, int size, Span<float> output)
    {
        var side = Math.Max(width, height);
        var scale = (double)side / size;
        Span<double> columns = size <= 1024 ? stackalloc double[size] : new double[size];
        for (var col = 0; col < size; col++) columns[col] = Math.Clamp((col + 0.5) * scale - 0.5, 0, side - 1) - (side - width) / 2;
        for (var row = 0; row < size; row++)
        {
            var sy = Math.Clamp((row + 0.5) * scale - 0.5, 0, side - 1) - (side - height) / 2;
            for (var col = 0; col < size; col++) output[row * size + col] = Bilinear(plane, width, height, columns[col], sy);
        }
    }

    public static byte[] ResizeNearest(byte[] plane, int width, int height, int size)
    {
        var side = Math.Max(width, height);
        var output = new byte[size * size];
        for (var row = 0; row < size; row++)
        {
            var sy = NearestNeighbour.SourceIndex(row, side, size) - (side - height) / 2;
            for (var col = 0; col < size; col++)
            {
                var sx = NearestNeighbour.SourceIndex(col, side, size) - (side - width) / 2;
                output[row * size + col] = sx >= 0 && sx < width && sy >= 0 && sy < height ? plane[sy * width + sx] : (byte)0;
            }
        }
        return output;
    }

    /// <summary>Samples at (x, y); points outside the plane read as 0 (padding).</summary>
    private static float Bilinear(ReadOnlySpan<float> plane, int width, int height, double x, double y)
    {
        int x0 = (int)Math.Floor(x), y0 = (int)Math.Floor(y);
        double fx = x - x0, fy = y - y0;
        var top = At(plane, width, height, x0, y0) * (1 - fx) + At(plane, width, height, x0 + 1, y0) * fx;
        var bottom = At(plane, width, height, x0, y0 + 1) * (1 - fx) + At(plane, width, height, x0 + 1, y0 + 1) * fx;
        return (float)(top * (1 - fy) + bottom * fy);
    }

    private static float At(ReadOnlySpan<float> plane, int width, int height, int x, int y) =>
        x >= 0 && x < width && y >= 0 && y < height ? plane[y * width + x] : 0f;
}
