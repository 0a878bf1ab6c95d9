namespace BrainAug.Imaging.Phantom;

/// <summary>Three-class k-means (CSF, grey, white matter) on the histogram of non-zero T1 values.</summary>
internal static class TissueClustering
{
    private const int Bins = 512;

    public static (double Csf, double Grey, double White) ClassMeans(float[] t1)
    {
        var max = t1.Max();
        if (max <= 0) throw new InvalidDataException("the anatomy template has no brain voxels");
        var histogram = new long[Bins];
        foreach (var v in t1)
            if (v > 0) histogram[Math.Min(Bins - 1, (int)(v / max * Bins))]++;

        double[] means = [0.3 * max, 0.6 * max, 0.9 * max];
        for (var iteration = 0; iteration < 50; iteration++)
        {
            var sums = new double[3];
            var counts = new double[3];
            for (var bin = 0; bin < Bins; bin++)
            {
                var value = (bin + 0.5) / Bins * max;
                var nearest = Enumerable.Range(0, 3).MinBy(k => Math.Abs(value - means[k]));
                sums[nearest] += value * histogram[bin];
                counts[nearest] += histogram[bin];
            }
            for (var k = 0; k < 3; k++)
                if (counts[k] > 0) means[k] = sums[k] / counts[k];
        }
        Array.Sort(means);
        return (means[0], means[1], means[2]);
    }
}
