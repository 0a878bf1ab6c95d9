using BrainAug.Contracts.Imaging;

namespace BrainAug.Imaging.Metrics;

/// <summary>
/// Masks to score from a Seg-DNN's probabilities. A regions model is scored as BraTS scores a submitted label map:
/// its three channels (WT, TC, ET) become one label map (the innermost region at the threshold winning,
/// <see cref="BratsRegions.Label"/>), and each region is then cut from that map and from the truth alike.
/// </summary>
public static class RegionScoring
{
    /// <summary>One region's probability plane at a threshold, as a 0/1 mask.</summary>
    public static byte[] Threshold(ReadOnlySpan<float> probability, float threshold)
    {
        var mask = new byte[probability.Length];
        for (var i = 0; i < mask.Length; i++) mask[i] = probability[i] >= threshold ? (byte)1 : (byte)0;
        return mask;
    }

    /// <summary>The internal label map of one sample's three region planes (WT, TC, ET, one after the other).</summary>
    public static byte[] Labels(ReadOnlySpan<float> planes, float threshold)
    {
        var labels = new byte[planes.Length / BratsRegions.Count];
        BratsRegions.Labels(planes, threshold, labels);
        return labels;
    }

    /// <summary>Region <paramref name="region"/> (0 WT, 1 TC, 2 ET) of an internal label map, as a 0/1 mask.</summary>
    public static byte[] Mask(ReadOnlySpan<byte> labels, int region)
    {
        var mask = new byte[labels.Length];
        for (var p = 0; p < labels.Length; p++) mask[p] = BratsRegions.Contains(region, labels[p]) ? (byte)1 : (byte)0;
        return mask;
    }
}
