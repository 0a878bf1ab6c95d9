using BrainAug.Imaging.Metrics;

namespace BrainAug.Imaging.Tests.Metrics;

/// <summary>Every metric against cases computed by hand.</summary>
public class SegmentationMetricsTests
{
    /// <summary>A width x height mask with the listed (x, y) pixels set.</summary>
    private static byte[] Mask(int width, int height, params (int X, int Y)[] pixels)
    {
        var mask = new byte[width * height];
        foreach (var (x, y) in pixels) mask[y * width + x] = 1;
        return mask;
    }

    private static byte[] Square(int size, int x0, int y0, int side) =>
        Mask(size, size, [.. Enumerable.Range(x0, side).SelectMany(x => Enumerable.Range(y0, side).Select(y => (x, y)))]);

    [Fact]
    public void IdenticalMasks_PerfectScores()
    {
        var mask = Square(10, 2, 2, 4);

        var metrics = SegmentationMetrics.Compute(mask, mask, 10, 10);

        Assert.Equal((1.0, 1.0, 0.0, 1.0, 1.0, 0.0), (metrics.Dice, metrics.IoU, metrics.Hd95Mm, metrics.Precision, metrics.Recall, metrics.AreaErrorMm2));
    }

    [Fact]
    public void SquareShiftedByOnePixel_HandComputedOverlap()
    {
        // 2x2 squares at x 1..2 and x 2..3: 2 shared pixels of 4 and 4.
        var predicted = Square(6, 1, 1, 2);
        var truth = Square(6, 2, 1, 2);

        var metrics = SegmentationMetrics.Compute(predicted, truth, 6, 6, spacingX: 0.5, spacingY: 2);

        Assert.Equal(0.5, metrics.Dice, 12);
        Assert.Equal(2.0 / 6, metrics.IoU, 12);
        Assert.Equal(0.5, metrics.Precision, 12);
        Assert.Equal(0.5, metrics.Recall, 12);
        Assert.Equal(0.0, metrics.AreaErrorMm2);
        // Every surface pixel is within one pixel along x (0.5 mm) of the other square: 4 at 0 and 4 at 0.5 mm.
        Assert.Equal(0.5, metrics.Hd95Mm, 12);
    }

    [Fact]
    public void Hd95_SinglePixels_EuclideanDistanceInMillimetres()
    {
        var metrics = SegmentationMetrics.Compute(Mask(10, 10, (0, 0)), Mask(10, 10, (3, 4)), 10, 10, spacingX: 2, spacingY: 1);

        Assert.Equal(Math.Sqrt(6 * 6 + 4 * 4), metrics.Hd95Mm, 12);
        Assert.Equal(0.0, metrics.Dice);
    }

    [Fact]
    public void Hd95_PercentileOfPooledSurfaceDistances()
    {
        // Prediction {x=0}, truth {x=0, x=10} on a 20x1 strip: distances p->t [0], t->p [0, 10];
        // the 95th percentile (linear, as numpy) of [0, 0, 10] is at rank 1.9: 0 + 0.9 * 10 = 9.
        var metrics = SegmentationMetrics.Compute(Mask(20, 1, (0, 0)), Mask(20, 1, (0, 0), (10, 0)), 20, 1);

        Assert.Equal(9.0, metrics.Hd95Mm, 12);
        Assert.Equal(2.0 / 3, metrics.Dice, 12);
        Assert.Equal(-1.0, metrics.AreaErrorMm2);
    }

    [Fact]
    public void Hd95_FilledShapesUseOnlyTheirSurfaces()
    {
        // 5x5 squares at x 0..4 and x 10..14: 16 surface pixels each. Their distances to the other square: the near
        // columns 6 (5 pixels), the top and bottom rows 7, 8, 9 (2 each), the far columns 10 (5 pixels); both ways,
        // 32 values of which 10 are 10, so the 95th percentile (rank 29.45) is 10. Interior pixels never count.
        var metrics = SegmentationMetrics.Compute(Square(30, 0, 0, 5), Square(30, 10, 0, 5), 30, 30);

        Assert.Equal(10.0, metrics.Hd95Mm, 12);
    }

    [Fact]
    public void BothEmpty_PerfectByConvention()
    {
        var empty = new byte[16];

        var metrics = SegmentationMetrics.Compute(empty, empty, 4, 4);

        Assert.Equal((1.0, 1.0, 0.0, 1.0, 1.0, 0.0), (metrics.Dice, metrics.IoU, metrics.Hd95Mm, metrics.Precision, metrics.Recall, metrics.AreaErrorMm2));
    }

    [Fact]
    public void OnlyTruthEmpty_FalsePositiveScoresZeroAndDiagonalDistance()
    {
        var metrics = SegmentationMetrics.Compute(Mask(4, 3, (1, 1)), new byte[12], 4, 3, spacingX: 1, spacingY: 1);

        Assert.Equal((0.0, 0.0, 0.0, 1.0, 1.0), (metrics.Dice, metrics.IoU, metrics.Precision, metrics.Recall, metrics.AreaErrorMm2));
        Assert.Equal(5.0, metrics.Hd95Mm, 12); // the 4 x 3 image's diagonal
    }

    [Fact]
    public void OnlyPredictionEmpty_MissScoresZero()
    {
        var metrics = SegmentationMetrics.Compute(new byte[12], Mask(4, 3, (1, 1), (2, 1)), 4, 3);

        Assert.Equal((0.0, 0.0, 1.0, 0.0, -2.0), (metrics.Dice, metrics.IoU, metrics.Precision, metrics.Recall, metrics.AreaErrorMm2));
        Assert.Equal(5.0, metrics.Hd95Mm, 12);
    }

    [Fact]
    public void Combined_SumsCountsOverSlices()
    {
        var slices = new List<(byte[], byte[])>
        {
            (Mask(4, 1, (0, 0), (1, 0)), Mask(4, 1, (0, 0))), // tp 1, p 2, t 1
            (new byte[4], new byte[4]),                         // both empty: adds nothing
            (Mask(4, 1, (3, 0)), Mask(4, 1, (3, 0), (2, 0))), // tp 1, p 1, t 2
        };

        var metrics = SegmentationMetrics.ComputeCombined(slices, 4, 1);

        Assert.Equal(2.0 * 2 / 6, metrics.Dice, 12);
        Assert.Equal((2L, 3L, 3L), (metrics.TruePositives, metrics.PredictedPixels, metrics.TruePixels));
    }

    [Fact]
    public void PooledDice_MeanOverBatchesOfPooledPixels()
    {
        // Batch 1 (2 masks): tp 1, p 2, t 2 -> 0.5. Batch 2 (1 mask, both empty) -> 1. Mean 0.75.
        var masks = new List<(byte[], byte[])>
        {
            (Mask(2, 1, (0, 0)), Mask(2, 1, (0, 0))),
            (Mask(2, 1, (1, 0)), Mask(2, 1, (0, 0))),
            (new byte[2], new byte[2]),
        };

        Assert.Equal(0.75, SegmentationMetrics.PooledDice(masks, batchSize: 2), 12);
    }

    [Theory]
    [InlineData(new[] { 1.0, 2, 3, 4 }, 50, 2.5)]
    [InlineData(new[] { 0.0, 10 }, 95, 9.5)]
    [InlineData(new[] { 7.0 }, 95, 7.0)]
    public void Percentile_MatchesNumpyLinear(double[] values, double percent, double expected) =>
        Assert.Equal(expected, SegmentationMetrics.Percentile(values, percent), 12);
}
