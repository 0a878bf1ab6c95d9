using BrainAug.Contracts;
using BrainAug.Contracts.Imaging;
using BrainAug.Contracts.Training;

namespace BrainAug.Clients.Augmentation;

/// <summary>
/// A pair's label channels as the dataset stores them (BraTS labels): the tumour generator's channels are one region
/// (et, tc or wt, from its training config) or three (core, edema, enhancing).
/// </summary>
public static class LabelComposer
{
    /// <summary>BraTS labels (0, 1, 2, 4) of size x size from {0, 1} channels: one region's pixels get the label that
    /// is in that region and no region inside it (<see cref="BratsRegions.OwnLabel"/>).</summary>
    public static byte[] ToBrats(byte[] channels, int count, int size, string region)
    {
        var labels = LabelPlanes.Decode<byte>(channels.AsSpan(0, count * size * size), count);
        var regionLabel = count == 1 ? BratsRegions.OwnLabel(Words.Parse<TargetRegion>(region)) : TumourLabels.Background;
        for (var i = 0; i < labels.Length; i++)
            labels[i] = TumourLabels.ToBrats(count == 1 && labels[i] != 0 ? regionLabel : labels[i]);
        return labels;
    }
}
