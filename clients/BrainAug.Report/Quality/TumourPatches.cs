using BrainAug.Contracts.Imaging;
using BrainAug.Imaging.Datasets;

namespace BrainAug.Report.Quality;

/// <summary>
/// A tumour seen on its own, for the tumour-aware memorisation check: a square patch of the slice's first channel
/// centred on the tumour region's centroid, with every pixel outside the region set to 0, so the host anatomy (which
/// an inpainted pair shares with a training slice by design) does not count, only the tumour and the tissue painted
/// round it. Real tumours get the same region the inpainting generator paints (label dilated by the margin, inside
/// the brain).
/// </summary>
public static class TumourPatches
{
    /// <summary>The patch side for a slice side: a quarter of the slice, at least 8 pixels.</summary>
    public static int Side(int size) => Math.Max(8, size / 4);

    public static float[] Patch(BrainSlice slice, bool[] region)
    {
        var (size, side) = (slice.Size, Side(slice.Size));
        var (sumX, sumY, count) = (0.0, 0.0, 0);
        for (var p = 0; p < region.Length; p++)
            if (region[p]) (sumX, sumY, count) = (sumX + p % size, sumY + p / size, count + 1);
        if (count == 0) throw new ArgumentException($"{slice.CaseId}: the tumour region is empty");
        var (left, top) = ((int)Math.Round(sumX / count) - side / 2, (int)Math.Round(sumY / count) - side / 2);
        var channel = slice.Channel(0);
        var patch = new float[side * side];
        for (var y = 0; y < side; y++)
            for (var x = 0; x < side; x++)
            {
                var (sy, sx) = (top + y, left + x);
                if (sy >= 0 && sy < size && sx >= 0 && sx < size && region[sy * size + sx]) patch[y * side + x] = channel[sy * size + sx];
            }
        return patch;
    }

    /// <summary>The patches of the real slices that have a tumour.</summary>
    public static List<float[]> OfRealTumours(IEnumerable<BrainSlice> slices, int margin) =>
        [.. slices.Where(s => s.TumourPixels > 0).Select(s => Patch(s, RealRegion(s, margin)))];

    public static bool[] RealRegion(BrainSlice slice, int margin)
    {
        var brain = slice.Brain();
        return InpaintCondition.Region(LabelPlanes.Encode(slice.Label, 1), 1, brain, slice.Size, margin);
    }
}
