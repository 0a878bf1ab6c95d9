using BrainAug.Contracts;
using BrainAug.Contracts.Imaging;
using BrainAug.Contracts.Training;

namespace BrainAug.Clients.Augmentation;

/// <summary>
/// Label channels between the generators and the dataset: the tumour generator's channels are one region
/// (et, tc or wt, from its training config) or three (core, edema, enhancing); the dataset stores BraTS labels.
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

    /// <summary>The label maps the tumour generator made ({0, 1}, channels x sourceSize²), resized to size x size by
    /// the convention the server's GeneratePairs also uses (<see cref="NearestNeighbour"/>).</summary>
    public static byte[] Resize(ReadOnlySpan<byte> mask, int channels, int sourceSize, int size)
    {
        var resized = new byte[channels * size * size];
        for (var c = 0; c < channels; c++)
            NearestNeighbour.Resize(mask.Slice(c * sourceSize * sourceSize, sourceSize * sourceSize), sourceSize, resized.AsSpan(c * size * size, size * size), size);
        return resized;
    }

    /// <summary>The brain generator's condition: label channels as {-1, 1}, then the outline when it takes one.</summary>
    public static float[] Condition(byte[] labels, int channels, int size, bool[]? outline)
    {
        var plane = size * size;
        var condition = new float[(channels + (outline is null ? 0 : 1)) * plane];
        for (var i = 0; i < channels * plane; i++) condition[i] = labels[i] != 0 ? 1 : -1;
        if (outline is not null)
            for (var i = 0; i < plane; i++) condition[channels * plane + i] = outline[i] ? 1 : -1;
        return condition;
    }
}
