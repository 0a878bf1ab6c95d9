namespace BrainAug.Imaging.Metrics;

/// <summary>Overlap and distance between a predicted and a true binary mask (nonzero = tumour).</summary>
/// <param name="Hd95Mm">95th percentile of the symmetric surface distance, in mm (MedPy's hd95 convention).</param>
/// <param name="AreaErrorMm2">Predicted minus true area, in mm² (negative: under-segmentation).</param>
public sealed record MaskMetrics(
    double Dice, double IoU, double Hd95Mm, double Precision, double Recall, double AreaErrorMm2,
    long TruePositives, long PredictedPixels, long TruePixels);

/// <summary>
/// Dice, IoU (Jaccard), HD95, precision, recall and area error of 2-D masks, computed once for every client and
/// report. Empty masks follow fixed conventions so that every number is finite:
/// both empty: Dice = IoU = precision = recall = 1, HD95 = 0 (nothing to find, nothing found);
/// only the truth empty: Dice = IoU = precision = 0, recall = 1; only the prediction empty: Dice = IoU = recall = 0,
/// precision = 1; when exactly one mask is empty HD95 is the image diagonal in mm (the largest distance possible).
/// That is BraTS's convention for an empty region (both empty: Dice 1, HD95 0; one empty: Dice 0, HD95 the largest
/// distance, which BraTS's 3-D evaluation sets to 373.13 mm, its 240 x 240 x 155 volume's diagonal).
/// </summary>
public static class SegmentationMetrics
{
    /// <summary>The conventions above, as written into evaluation summaries.</summary>
    public const string EmptyMasks = "both empty: Dice = IoU = precision = recall = 1, HD95 = 0; one empty: overlap scores 0 (precision 1 when nothing " +
        "was predicted, recall 1 when nothing was there), HD95 = the image diagonal in mm (BraTS's convention for an empty region, whose 3-D " +
        "evaluation uses 373.13 mm, its volume's diagonal)";

    /// <param name="spacingX">mm per pixel along a row (x); <paramref name="spacingY"/> along a column (y).</param>
    public static MaskMetrics Compute(ReadOnlySpan<byte> predicted, ReadOnlySpan<byte> truth, int width, int height, double spacingX = 1, double spacingY = 1)
    {
        if (predicted.Length != width * height || truth.Length != width * height)
            throw new ArgumentException($"masks have {predicted.Length} and {truth.Length} pixels; {width}x{height} needs {width * height}");
        var (tp, p, t) = Counts(predicted, truth);
        var hd95 = Hd95(Surface(predicted, width, height), Surface(truth, width, height), width, height, spacingX, spacingY);
        return FromCounts(tp, p, t, hd95, spacingX * spacingY);
    }

    /// <summary>Metrics of several slices taken together (one case): pixel counts are summed and the surface
    /// distances of every slice are pooled before the 95th percentile.</summary>
    public static MaskMetrics ComputeCombined(IReadOnlyList<(byte[] Predicted, byte[] Truth)> slices, int width, int height, double spacingX = 1, double spacingY = 1)
    {
        long tp = 0, p = 0, t = 0;
        var distances = new List<double>();
        var oneSideEmpty = false;
        foreach (var (predicted, truth) in slices)
        {
            var counts = Counts(predicted, truth);
            (tp, p, t) = (tp + counts.Tp, p + counts.P, t + counts.T);
            var (a, b) = (Surface(predicted, width, height), Surface(truth, width, height));
            if (a.Count == 0 != (b.Count == 0)) oneSideEmpty = true;
            else if (a.Count > 0) distances.AddRange(SymmetricDistances(a, b, spacingX, spacingY));
        }
        var hd95 = oneSideEmpty ? Diagonal(width, height, spacingX, spacingY) : distances.Count == 0 ? 0 : Percentile(distances, 95);
        return FromCounts(tp, p, t, hd95, spacingX * spacingY);
    }

    /// <summary>The study's figure: masks taken in consecutive batches of <paramref name="batchSize"/>, Dice over
    /// each batch's pixels pooled, then the mean over batches (the last batch may be smaller).</summary>
    public static double PooledDice(IReadOnlyList<(byte[] Predicted, byte[] Truth)> masks, int batchSize = 10)
    {
        if (masks.Count == 0) throw new ArgumentException("no masks to score");
        var scores = new List<double>();
        for (var start = 0; start < masks.Count; start += batchSize)
        {
            long tp = 0, p = 0, t = 0;
            foreach (var (predicted, truth) in masks.Skip(start).Take(batchSize))
            {
                var counts = Counts(predicted, truth);
                (tp, p, t) = (tp + counts.Tp, p + counts.P, t + counts.T);
            }
            scores.Add(p + t == 0 ? 1 : 2.0 * tp / (p + t));
        }
        return scores.Average();
    }

    /// <summary>Linear-interpolation percentile (numpy's default) of unsorted values.</summary>
    public static double Percentile(IReadOnlyList<double> values, double percent)
    {
        var sorted = values.Order().ToArray();
        var rank = percent / 100 * (sorted.Length - 1);
        var low = (int)Math.Floor(rank);
        var high = Math.Min(low + 1, sorted.Length - 1);
        return sorted[low] + (rank - low) * (sorted[high] - sorted[low]);
    }

    private static MaskMetrics FromCounts(long tp, long p, long t, double hd95, double pixelArea) => new(
        Dice: p + t == 0 ? 1 : 2.0 * tp / (p + t),
        IoU: p + t - tp == 0 ? 1 : (double)tp / (p + t - tp),
        Hd95Mm: hd95,
        Precision: p == 0 ? 1 : (double)tp / p,
        Recall: t == 0 ? 1 : (double)tp / t,
        AreaErrorMm2: (p - t) * pixelArea,
        TruePositives: tp, PredictedPixels: p, TruePixels: t);

    private static (long Tp, long P, long T) Counts(ReadOnlySpan<byte> predicted, ReadOnlySpan<byte> truth)
    {
        long tp = 0, p = 0, t = 0;
        for (var i = 0; i < predicted.Length; i++)
        {
            var (a, b) = (predicted[i] != 0, truth[i] != 0);
            if (a) p++;
            if (b) t++;
            if (a && b) tp++;
        }
        return (tp, p, t);
    }

    private static double Hd95(List<(int X, int Y)> a, List<(int X, int Y)> b, int width, int height, double sx, double sy)
    {
        if (a.Count == 0 && b.Count == 0) return 0;
        if (a.Count == 0 || b.Count == 0) return Diagonal(width, height, sx, sy);
        return Percentile(SymmetricDistances(a, b, sx, sy), 95);
    }

    /// <summary>Distances from every surface pixel of a to the nearest of b, followed by those from b to a.</summary>
    private static List<double> SymmetricDistances(List<(int X, int Y)> a, List<(int X, int Y)> b, double sx, double sy)
    {
        var distances = new List<double>(a.Count + b.Count);
        distances.AddRange(a.Select(point => Nearest(point, b, sx, sy)));
        distances.AddRange(b.Select(point => Nearest(point, a, sx, sy)));
        return distances;
    }

    private static double Nearest((int X, int Y) point, List<(int X, int Y)> others, double sx, double sy)
    {
        var best = double.MaxValue;
        foreach (var other in others)
        {
            var (dx, dy) = ((point.X - other.X) * sx, (point.Y - other.Y) * sy);
            best = Math.Min(best, dx * dx + dy * dy);
        }
        return Math.Sqrt(best);
    }

    /// <summary>Foreground pixels with a background 4-neighbour or on the image border.</summary>
    private static List<(int X, int Y)> Surface(ReadOnlySpan<byte> mask, int width, int height)
    {
        var surface = new List<(int X, int Y)>();
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
            {
                if (mask[y * width + x] == 0) continue;
                var border = x == 0 || y == 0 || x == width - 1 || y == height - 1
                    || mask[y * width + x - 1] == 0 || mask[y * width + x + 1] == 0
                    || mask[(y - 1) * width + x] == 0 || mask[(y + 1) * width + x] == 0;
                if (border) surface.Add((x, y));
            }
        return surface;
    }

    private static double Diagonal(int width, int height, double sx, double sy) => Math.Sqrt(Math.Pow(width * sx, 2) + Math.Pow(height * sy, 2));
}
