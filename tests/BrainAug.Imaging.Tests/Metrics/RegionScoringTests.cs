using System.Runtime.CompilerServices;
using BrainAug.Imaging.Metrics;

namespace BrainAug.Imaging.Tests.Metrics;

/// <summary>A regions model's scoring on hand-made 4x4 slices (pixel index = 4 y + x), against values worked out
/// by hand: the three probability planes become one label map, then WT, TC and ET are cut from it and the truth.</summary>
public class RegionScoringTests
{
    private const int Size = 4;
    private static readonly double Diagonal = Math.Sqrt(2 * Size * Size); // HD95 when exactly one mask is empty (1 mm pixels)

    // Truth: edema (2) at 5, 6, 9 and core (1) at 10 -> WT {5, 6, 9, 10}, TC {10}, ET empty.
    private static readonly byte[] Truth = Labels((5, 2), (6, 2), (9, 2), (10, 1));

    [Fact]
    public void CoreOutsideThePredictedWholeTumour_StillCountsInIt_AndEmptyEtScoresOne()
    {
        // WT plane at 5, 6, 9, 15; TC plane at 10 only: pixel 10 becomes core, which lies in WT too.
        var scores = Score(Planes(wt: [5, 6, 9, 15], tc: [10], et: []), Truth);

        // WT: predicted {5, 6, 9, 10, 15} vs {5, 6, 9, 10}: 4 overlap -> Dice 8/9, IoU 4/5, precision 4/5, recall 1.
        Assert.Equal((8.0 / 9, 0.8, 0.8, 1.0), (scores[0].Dice, scores[0].IoU, scores[0].Precision, scores[0].Recall), Close);
        Assert.Equal((1.0, 1.0, 0.0), (scores[1].Dice, scores[1].IoU, scores[1].Hd95Mm), Close); // TC {10} vs {10}
        Assert.Equal((1.0, 1.0, 1.0, 1.0, 0.0), (scores[2].Dice, scores[2].IoU, scores[2].Precision, scores[2].Recall, scores[2].Hd95Mm), Close); // ET empty in both
    }

    [Fact]
    public void EnhancingPredictedOnATumourFreeSlice_ZeroInEveryRegionButEmptyTruthRecall()
    {
        var scores = Score(Planes(wt: [], tc: [], et: [0]), new byte[Size * Size]); // pixel 0 -> enhancing -> in WT, TC and ET

        foreach (var region in scores)
            Assert.Equal((0.0, 0.0, 0.0, 1.0, Diagonal), (region.Dice, region.IoU, region.Precision, region.Recall, region.Hd95Mm), Close);
    }

    [Fact]
    public void NothingPredicted_WtAndTcMissed_EtEmptyInBoth()
    {
        var scores = Score(Planes(wt: [], tc: [], et: []), Truth);

        Assert.Equal((0.0, 1.0, 0.0, Diagonal), (scores[0].Dice, scores[0].Precision, scores[0].Recall, scores[0].Hd95Mm), Close);
        Assert.Equal((0.0, 1.0, 0.0, Diagonal), (scores[1].Dice, scores[1].Precision, scores[1].Recall, scores[1].Hd95Mm), Close);
        Assert.Equal((1.0, 0.0), (scores[2].Dice, scores[2].Hd95Mm), Close);
    }

    [Fact]
    public void ProbabilityAtTheThreshold_IsInside()
    {
        var planes = new float[3 * Size * Size];
        planes[3] = 0.5f; // WT at exactly 0.5
        planes[Size * Size + 3] = 0.49f; // TC just below

        Assert.Equal(2, RegionScoring.Labels(planes, 0.5f)[3]); // edema: WT only
    }

    private static MaskMetrics[] Score(float[] planes, byte[] truth)
    {
        var predicted = RegionScoring.Labels(planes, 0.5f);
        return [.. Enumerable.Range(0, 3).Select(r => SegmentationMetrics.Compute(RegionScoring.Mask(predicted, r), RegionScoring.Mask(truth, r), Size, Size))];
    }

    private static float[] Planes(int[] wt, int[] tc, int[] et)
    {
        var planes = new float[3 * Size * Size];
        foreach (var (pixels, plane) in new[] { (wt, 0), (tc, 1), (et, 2) })
            foreach (var p in pixels) planes[plane * Size * Size + p] = 0.9f;
        return planes;
    }

    private static byte[] Labels(params (int Pixel, byte Label)[] set)
    {
        var labels = new byte[Size * Size];
        foreach (var (pixel, label) in set) labels[pixel] = label;
        return labels;
    }

    private static readonly IEqualityComparer<ITuple> Close = new TupleComparer();

    private sealed class TupleComparer : IEqualityComparer<ITuple>
    {
        public bool Equals(ITuple? x, ITuple? y) =>
            x!.Length == y!.Length && Enumerable.Range(0, x.Length).All(i => Math.Abs(Convert.ToDouble(x[i]) - Convert.ToDouble(y[i])) < 1e-9);

        public int GetHashCode(ITuple obj) => 0;
    }
}
