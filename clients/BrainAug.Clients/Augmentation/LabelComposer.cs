using BrainAug.Contracts.Imaging;

namespace BrainAug.Clients.Augmentation;

/// <summary>
/// Label channels between the generators and the dataset: the tumour generator's channels are one region
/// (et, tc or wt, from its training config) or three (core, edema, enhancing); the dataset stores BraTS labels.
/// </summary>
public static class LabelComposer
{
    /// <summary>BraTS labels (0, 1, 2, 4) of size x size from {0, 1} channels.</summary>
    public static byte[] ToBrats(byte[] channels, int count, int size, string region)
    {
        var plane = size * size;
        var labels = new byte[plane];
        for (var i = 0; i < plane; i++)
        {
            if (count == 3)
                labels[i] = channels[2 * plane + i] != 0 ? (byte)4 : channels[i] != 0 ? (byte)1 : channels[plane + i] != 0 ? (byte)2 : (byte)0;
            else if (channels[i] != 0)
                labels[i] = region switch
                {
                    "et" => 4, // enhancing tumour
                    "tc" => 1, // tumour core: necrotic/non-enhancing core is the label that is TC but not ET
                    _ => 2,    // whole tumour: edema is the label that is WT only
                };
        }
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
