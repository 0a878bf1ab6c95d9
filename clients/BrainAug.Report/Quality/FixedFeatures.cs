using BrainAug.Imaging.Common;

namespace BrainAug.Report.Quality;

/// <summary>
/// A feature space for tumour patches (<see cref="TumourPatches"/>) that nothing in a run trains, so distances in it
/// compare across runs, seeds and machines: plain double arithmetic in this file, no learned weights, no CPU-specific
/// kernels. Each patch (zero outside the tumour region) is box-resampled to 16 x 16, then described by
/// the region's share of the patch (1), an 8-bin histogram of the region's intensities (8), an 8-bin histogram of
/// its gradient magnitudes (8), and 32 fixed random zero-mean 3 x 3 filters, rectified and averaged over each
/// quadrant (128): 145 features. Changing any of this changes what the numbers mean, so the space has a
/// <see cref="Name"/> that reports record; a change must give it a new one.
/// </summary>
public static class FixedFeatures
{
    public const string Name = "brainaug-fixed-v1";
    public const int Side = 16, Bins = 8, Filters = 32, FilterSide = 3;
    public const int Size = 1 + 2 * Bins + Filters * 4;
    private const ulong FilterSeed = 0xF1_7ED_F1_17E5;
    private const double MaxGradient = 0.5; // intensities lie in [0, 1]; steeper edges share the last bin

    private static readonly double[][] FilterBank = MakeFilters();

    public static float[] Of(float[] patch)
    {
        var side = (int)Math.Sqrt(patch.Length);
        if (side * side != patch.Length || side < 2) throw new ArgumentException("a tumour patch is square, at least 2 x 2");
        var region = patch.Where(v => v != 0).ToArray();
        var image = BoxResample(patch, side, Side);
        var features = new List<float> { (float)region.Length / patch.Length };
        features.AddRange(Histogram(region.Select(v => (double)v), 1.0, region.Length));
        var gradients = Gradients(image).ToList();
        features.AddRange(Histogram(gradients, MaxGradient, gradients.Count));
        foreach (var filter in FilterBank) features.AddRange(QuadrantResponses(image, filter));
        return [.. features];
    }

    /// <summary>Each output pixel is the mean of the source pixels its box covers (at least the one under its corner).</summary>
    private static double[] BoxResample(float[] patch, int from, int to)
    {
        var image = new double[to * to];
        for (var oy = 0; oy < to; oy++)
            for (var ox = 0; ox < to; ox++)
            {
                var (y0, y1) = Span(oy, from, to);
                var (x0, x1) = Span(ox, from, to);
                double sum = 0;
                for (var y = y0; y < y1; y++)
                    for (var x = x0; x < x1; x++) sum += patch[y * from + x];
                image[oy * to + ox] = sum / ((y1 - y0) * (x1 - x0));
            }
        return image;
    }

    private static (int Start, int End) Span(int index, int from, int to)
    {
        var start = index * from / to;
        return (start, Math.Max(start + 1, ((index + 1) * from + to - 1) / to));
    }

    /// <summary>Fractions of the values in each of <see cref="Bins"/> equal bins over [0, max]; values above max go in the last.</summary>
    private static float[] Histogram(IEnumerable<double> values, double max, int count)
    {
        var counts = new int[Bins];
        foreach (var v in values) counts[Math.Clamp((int)(v / max * Bins), 0, Bins - 1)]++;
        return [.. counts.Select(c => count == 0 ? 0f : (float)c / count)];
    }

    /// <summary>Central-difference gradient magnitudes at the region's interior pixels (both neighbours inside the image).</summary>
    private static IEnumerable<double> Gradients(double[] image)
    {
        for (var y = 1; y < Side - 1; y++)
            for (var x = 1; x < Side - 1; x++)
            {
                if (image[y * Side + x] == 0) continue;
                var gx = (image[y * Side + x + 1] - image[y * Side + x - 1]) / 2;
                var gy = (image[(y + 1) * Side + x] - image[(y - 1) * Side + x]) / 2;
                yield return Math.Sqrt(gx * gx + gy * gy);
            }
    }

    /// <summary>The filter's rectified response over the valid positions, averaged within each quadrant.</summary>
    private static float[] QuadrantResponses(double[] image, double[] filter)
    {
        var outSide = Side - FilterSide + 1;
        var sums = new double[4];
        var counts = new int[4];
        for (var y = 0; y < outSide; y++)
            for (var x = 0; x < outSide; x++)
            {
                double response = 0;
                for (var fy = 0; fy < FilterSide; fy++)
                    for (var fx = 0; fx < FilterSide; fx++) response += filter[fy * FilterSide + fx] * image[(y + fy) * Side + x + fx];
                var quadrant = (y < outSide / 2 ? 0 : 2) + (x < outSide / 2 ? 0 : 1);
                sums[quadrant] += Math.Max(response, 0);
                counts[quadrant]++;
            }
        return [.. sums.Select((s, q) => (float)(s / counts[q]))];
    }

    /// <summary>Uniform weights from the project's own generator (the same numbers on every runtime), zero mean, unit length.</summary>
    private static double[][] MakeFilters()
    {
        var random = new SeededRandom(FilterSeed);
        var bank = new double[Filters][];
        for (var f = 0; f < Filters; f++)
        {
            var weights = Enumerable.Range(0, FilterSide * FilterSide).Select(_ => random.Uniform(-1, 1)).ToArray();
            var mean = weights.Average();
            var centred = weights.Select(w => w - mean).ToArray();
            var length = Math.Sqrt(centred.Sum(w => w * w));
            bank[f] = [.. centred.Select(w => w / length)];
        }
        return bank;
    }
}
