using BrainAug.Imaging.Datasets;

namespace BrainAug.Report.Figures;

/// <summary>Where the tumours of a slice set sit and how big they are: what the real and synthetic sets should share.</summary>
public static class TumourMaps
{
    /// <summary>Fraction of the slices (with any tumour) whose mask centroid falls in each cell of a bins x bins
    /// grid over the image (row 0 at the top, as the slices are drawn).</summary>
    public static double[,] CentroidHistogram(IReadOnlyList<BrainSlice> slices, int bins)
    {
        var counts = new double[bins, bins];
        var withTumour = slices.Where(s => s.TumourPixels > 0).ToList();
        foreach (var slice in withTumour)
        {
            double sumX = 0, sumY = 0;
            for (var p = 0; p < slice.Label.Length; p++)
            {
                if (slice.Label[p] == 0) continue;
                sumX += p % slice.Size;
                sumY += p / slice.Size;
            }
            var row = Math.Min(bins - 1, (int)(sumY / slice.TumourPixels / slice.Size * bins));
            var column = Math.Min(bins - 1, (int)(sumX / slice.TumourPixels / slice.Size * bins));
            counts[row, column] += 1.0 / withTumour.Count;
        }
        return counts;
    }

    /// <summary>Target area of each slice in mm^2 (slices are resized from BraTS's 240 mm field of view).</summary>
    public static double[] AreasMm2(IReadOnlyList<BrainSlice> slices) =>
        [.. slices.Select(s => s.TumourPixels * Math.Pow(240.0 / s.Size, 2))];
}
