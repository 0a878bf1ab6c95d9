using System.Runtime.InteropServices;
using BrainAug.Contracts.Imaging;

namespace BrainAug.InferenceServer.Services;

/// <summary>Segmentation masks from the network's probabilities.</summary>
public static class Masks
{
    /// <summary>label_map > 0 (the study's threshold, and the graph's own "mask" output) as uint8.</summary>
    public static byte[] Positive(byte[] labelMapBytes)
    {
        var values = MemoryMarshal.Cast<byte, float>(labelMapBytes);
        var mask = new byte[values.Length];
        for (var i = 0; i < values.Length; i++) mask[i] = values[i] > 0 ? (byte)1 : (byte)0;
        return mask;
    }

    /// <summary>A regions network's label map: each of WT, TC, ET at probability >= threshold, the innermost region
    /// giving the internal label (<see cref="BratsRegions.Label"/>). Returns (count, 1, pixels) uint8.</summary>
    public static byte[] FromRegions(byte[] probabilityBytes, int count, int pixels, float threshold)
    {
        var probability = MemoryMarshal.Cast<byte, float>(probabilityBytes);
        var mask = new byte[count * pixels];
        for (var sample = 0; sample < count; sample++)
        {
            BratsRegions.Labels(probability.Slice(sample * BratsRegions.Count * pixels, BratsRegions.Count * pixels), threshold, mask.AsSpan(sample * pixels, pixels));
        }
        return mask;
    }

    /// <summary>One region: probability >= threshold. Several classes: the argmax label where its probability
    /// >= threshold, else background. Returns (count, 1, pixels) uint8.</summary>
    public static byte[] FromProbability(byte[] probabilityBytes, int count, int classes, int pixels, float threshold)
    {
        var probability = MemoryMarshal.Cast<byte, float>(probabilityBytes);
        var mask = new byte[count * pixels];
        for (var sample = 0; sample < count; sample++)
            for (var pixel = 0; pixel < pixels; pixel++)
            {
                var best = 0;
                var bestValue = probability[sample * classes * pixels + pixel];
                for (var c = 1; c < classes; c++)
                {
                    var value = probability[(sample * classes + c) * pixels + pixel];
                    if (value > bestValue) (best, bestValue) = (c, value);
                }
                mask[sample * pixels + pixel] = classes == 1
                    ? (bestValue >= threshold ? (byte)1 : (byte)0)
                    : (bestValue >= threshold ? (byte)best : (byte)0);
            }
        return mask;
    }
}
