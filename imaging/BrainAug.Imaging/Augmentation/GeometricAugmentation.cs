using BrainAug.Imaging.Common;
using BrainAug.Imaging.Datasets;

namespace BrainAug.Imaging.Augmentation;

/// <summary>How strong the random geometric transforms are.</summary>
public sealed record GeometricAugmentationOptions
{
    public double FlipProbability { get; init; } = 0.5;

    public double MaxRotationDegrees { get; init; } = 15;

    public double MinScale { get; init; } = 0.9;

    public double MaxScale { get; init; } = 1.1;

    /// <summary>Elastic displacement, standard deviation in pixels at 240 px (scaled with the slice size).</summary>
    public double ElasticPixels { get; init; } = 3;
}

/// <summary>
/// The study's baseline augmentation: a random horizontal flip, rotation, scale and smooth elastic warp,
/// applied as one coordinate map to the image (bilinear) and to the label map (nearest), so labels stay on
/// their pixels. Every random choice comes from the generator passed in.
/// </summary>
public static class GeometricAugmentation
{
    private const int ElasticGrid = 5;

    /// <summary>The random streams of the real slices' copies and of the transformed synthetic pairs.</summary>
    public const ulong RealCopiesStream = 0xA06, SyntheticStream = 0xA07;

    /// <summary>The study's "real + transform" arm: <paramref name="count"/> transformed copies of the real slices
    /// (cycling through them), drawn once before training from <paramref name="seed"/>. The trainer trains on these
    /// and the experiment report shows the same ones.</summary>
    public static List<BrainSlice> Copies(IReadOnlyList<BrainSlice> real, int count, ulong seed) => [.. LazyCopies(real, count, seed)];

    /// <summary>The same copies, each transformed when it is read (the transforms are drawn now, in the same order).
    /// Another <paramref name="stream"/> draws other transforms from the same seed (the synthetic pairs' own).</summary>
    public static IReadOnlyList<BrainSlice> LazyCopies(IReadOnlyList<BrainSlice> real, int count, ulong seed, ulong stream = RealCopiesStream)
    {
        if (count > 0 && real.Count == 0) throw new ArgumentException("no real slices to copy", nameof(real));
        var random = SeededRandom.For(seed, stream);
        var size = count > 0 ? real[0].Size : 0;
        var maps = Enumerable.Range(0, count).Select(_ => RandomMap(size, random, new GeometricAugmentationOptions())).ToList();
        return new LazySliceList(count, i => Apply(real[i % real.Count], maps[i]), i => TransformLabel(SliceLabels.Of(real, i % real.Count), size, maps[i]));
    }

    public static BrainSlice Apply(BrainSlice slice, SeededRandom random, GeometricAugmentationOptions? options = null) =>
        Apply(slice, RandomMap(slice.Size, random, options ?? new GeometricAugmentationOptions()));

    private static BrainSlice Apply(BrainSlice slice, CoordinateMap map)
    {
        var size = slice.Size;
        var image = new float[slice.Image.Length];
        var label = new byte[slice.Label.Length];
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                var (sx, sy) = map.Source(x, y);
                var pixel = y * size + x;
                for (var c = 0; c < slice.Channels; c++)
                    image[c * size * size + pixel] = Bilinear(slice.Image.AsSpan(c * size * size, size * size), size, sx, sy);
                label[pixel] = LabelAt(slice.Label, size, sx, sy);
            }
        }
        return slice with { Image = image, Label = label };
    }

    /// <summary>The labels of <see cref="Apply(BrainSlice, CoordinateMap)"/>, without the image.</summary>
    private static byte[] TransformLabel(byte[] source, int size, CoordinateMap map)
    {
        var label = new byte[source.Length];
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                var (sx, sy) = map.Source(x, y);
                label[y * size + x] = LabelAt(source, size, sx, sy);
            }
        }
        return label;
    }

    /// <summary>Nearest source label at (x, y); outside the slice, background.</summary>
    private static byte LabelAt(byte[] label, int size, double x, double y)
    {
        int nx = (int)Math.Round(x), ny = (int)Math.Round(y);
        return nx >= 0 && nx < size && ny >= 0 && ny < size ? label[ny * size + nx] : (byte)0;
    }

    /// <summary>Draws a transform: the map from each output pixel to the source point it samples.</summary>
    public static CoordinateMap RandomMap(int size, SeededRandom random, GeometricAugmentationOptions options)
    {
        var flip = random.NextDouble() < options.FlipProbability;
        var angle = random.Uniform(-options.MaxRotationDegrees, options.MaxRotationDegrees) * Math.PI / 180;
        var scale = random.Uniform(options.MinScale, options.MaxScale);
        var sigma = options.ElasticPixels * size / 240.0;
        var grid = new double[ElasticGrid * ElasticGrid * 2];
        for (var i = 0; i < grid.Length; i++) grid[i] = sigma * random.NextGaussian();
        return new CoordinateMap(size, flip, angle, scale, grid);
    }

    private static float Bilinear(ReadOnlySpan<float> plane, int size, double x, double y)
    {
        int x0 = (int)Math.Floor(x), y0 = (int)Math.Floor(y);
        double fx = x - x0, fy = y - y0;
        double At(ReadOnlySpan<float> p, int xi, int yi) => xi >= 0 && xi < size && yi >= 0 && yi < size ? p[yi * size + xi] : 0;
        var top = At(plane, x0, y0) * (1 - fx) + At(plane, x0 + 1, y0) * fx;
        var bottom = At(plane, x0, y0 + 1) * (1 - fx) + At(plane, x0 + 1, y0 + 1) * fx;
        return (float)(top * (1 - fy) + bottom * fy);
    }

    /// <summary>Output pixel -> source point: inverse rotation and scale about the centre, a smooth elastic
    /// offset (a 5x5 grid of random displacements, bilinearly interpolated), then the optional flip.</summary>
    public sealed class CoordinateMap(int size, bool flip, double angle, double scale, double[] grid)
    {
        public (double X, double Y) Source(int x, int y)
        {
            var centre = (size - 1) / 2.0;
            double dx = x - centre, dy = y - centre;
            double cos = Math.Cos(angle), sin = Math.Sin(angle);
            var sx = centre + (cos * dx + sin * dy) / scale;
            var sy = centre + (-sin * dx + cos * dy) / scale;
            var (ex, ey) = Elastic(x, y);
            sx += ex;
            sy += ey;
            return (flip ? size - 1 - sx : sx, sy);
        }

        private (double, double) Elastic(int x, int y)
        {
            var gx = (double)x / Math.Max(1, size - 1) * (ElasticGrid - 1);
            var gy = (double)y / Math.Max(1, size - 1) * (ElasticGrid - 1);
            int ix = Math.Min((int)gx, ElasticGrid - 2), iy = Math.Min((int)gy, ElasticGrid - 2);
            double fx = gx - ix, fy = gy - iy;
            double Component(int c) =>
                (grid[2 * (iy * ElasticGrid + ix) + c] * (1 - fx) + grid[2 * (iy * ElasticGrid + ix + 1) + c] * fx) * (1 - fy)
                + (grid[2 * ((iy + 1) * ElasticGrid + ix) + c] * (1 - fx) + grid[2 * ((iy + 1) * ElasticGrid + ix + 1) + c] * fx) * fy;
            return (Component(0), Component(1));
        }
    }
}
