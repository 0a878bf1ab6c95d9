namespace BrainAug.Contracts.Imaging;

/// <summary>
/// How a generated tumour becomes a brain generator's input and a pair's label, the one composition behind both ways
/// of making pairs: the augmentation client (brainaug-client augment, which places and checks each tumour in a host
/// slice first) and the server's GeneratePairs stream (which paints the tumours as drawn). Label maps are resized by
/// <see cref="NearestNeighbour"/>; label channels are <see cref="LabelPlanes"/>.
/// </summary>
public static class PairComposer
{
    /// <summary>A tumour generator's {0, 1} label channels (channels x sourceSize²) at the brain generator's size.</summary>
    public static byte[] Resize(ReadOnlySpan<byte> labelMap, int channels, int sourceSize, int size)
    {
        var resized = new byte[channels * size * size];
        for (var c = 0; c < channels; c++)
            NearestNeighbour.Resize(labelMap.Slice(c * sourceSize * sourceSize, sourceSize * sourceSize), sourceSize, resized.AsSpan(c * size * size, size * size), size);
        return resized;
    }

    /// <summary>A label-conditioned brain generator's input: the label channels as {-1, 1}, then the brain outline
    /// ({-1, 1}, size²) when the generator takes one (else <paramref name="outline"/> is empty).</summary>
    public static void Condition(ReadOnlySpan<byte> labels, ReadOnlySpan<float> outline, Span<float> condition)
    {
        for (var i = 0; i < labels.Length; i++) condition[i] = labels[i] != 0 ? 1f : -1f;
        outline.CopyTo(condition[labels.Length..]);
    }

    /// <summary>
    /// An inpainting pair: the new tumour (channels x size², {0, 1}) painted into a host slice (modalities x size²,
    /// [-1, 1]) whose own label planes are <paramref name="hostLabels"/> (empty: none). The pair's label is the union,
    /// the new tumour winning where they overlap; the region is the new tumour dilated by <paramref name="margin"/>
    /// inside the host's brain (<see cref="InpaintCondition.Region"/>). The condition is written from the united label,
    /// so a part of the host's own tumour inside the region is painted as tumour too and the label says tumour only
    /// where the image shows one. Returns the region.
    /// </summary>
    public static bool[] Inpaint(
        ReadOnlySpan<float> host, ReadOnlySpan<byte> hostLabels, ReadOnlySpan<byte> tumour, int channels, ReadOnlySpan<bool> brain, int size, int margin,
        Span<float> condition, Span<byte> labels)
    {
        var plane = size * size;
        if (hostLabels.IsEmpty) labels.Clear();
        else hostLabels.CopyTo(labels);
        for (var p = 0; p < plane; p++)
        {
            if (!LabelPlanes.AnyAt(tumour, channels, plane, p)) continue;
            for (var c = 0; c < channels; c++) labels[c * plane + p] = tumour[c * plane + p];
        }
        var region = InpaintCondition.Region(tumour, channels, brain, size, margin);
        InpaintCondition.Write(host, region, labels, size, condition);
        return region;
    }
}
