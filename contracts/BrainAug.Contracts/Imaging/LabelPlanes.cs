namespace BrainAug.Contracts.Imaging;

/// <summary>
/// The generators' label channels, the one encoding and decoding every tool uses: one plane for a binary region
/// (label map 0/1), or three planes, necrotic core, edema and enhancing, for the internal classes
/// (<see cref="TumourLabels"/>; a training config's LabelChannels says which).
/// </summary>
public static class LabelPlanes
{
    public const int Classes = 3;

    /// <summary>Whether any of the {0, 1} planes (planes of <paramref name="plane"/> pixels each) marks the pixel.</summary>
    public static bool AnyAt(ReadOnlySpan<byte> planes, int channels, int plane, int pixel)
    {
        for (var c = 0; c < channels; c++)
            if (planes[c * plane + pixel] != 0) return true;
        return false;
    }

    /// <summary>A label map as {0, 1} planes, one after the other.</summary>
    public static byte[] Encode(ReadOnlySpan<byte> label, int channels)
    {
        var planes = new byte[channels * label.Length];
        for (var c = 0; c < channels; c++)
            for (var p = 0; p < label.Length; p++)
                planes[c * label.Length + p] = In(label[p], c, channels) ? (byte)1 : (byte)0;
        return planes;
    }

    /// <summary>A label map as planes of <paramref name="outside"/> and 1 (the generators take {-1, 1}).</summary>
    public static void Encode(ReadOnlySpan<byte> label, int channels, Span<float> planes, float outside = -1f)
    {
        for (var c = 0; c < channels; c++)
            for (var p = 0; p < label.Length; p++)
                planes[c * label.Length + p] = In(label[p], c, channels) ? 1f : outside;
    }

    /// <summary>The label of one pixel from its channels' decisions (a channel is set where it is above 0): 1 for a
    /// binary region; for the classes the innermost set class wins, enhancing over core over edema, as
    /// <see cref="BratsRegions.Label"/> decides.</summary>
    public static byte Decode<T>(ReadOnlySpan<T> planes, int channels, int pixel) where T : struct, System.Numerics.INumber<T>
    {
        var pixels = planes.Length / channels;
        if (channels == 1) return planes[pixel] > T.Zero ? (byte)1 : TumourLabels.Background;
        return BratsRegions.Label(wholeTumour: planes[pixels + pixel] > T.Zero, tumourCore: planes[pixel] > T.Zero, enhancing: planes[2 * pixels + pixel] > T.Zero);
    }

    /// <summary>The label map of a sample's planes (<see cref="Decode{T}(ReadOnlySpan{T}, int, int)"/> per pixel).</summary>
    public static byte[] Decode<T>(ReadOnlySpan<T> planes, int channels) where T : struct, System.Numerics.INumber<T>
    {
        var labels = new byte[planes.Length / channels];
        for (var p = 0; p < labels.Length; p++) labels[p] = Decode(planes, channels, p);
        return labels;
    }

    private static bool In(byte label, int channel, int channels) => channels == Classes ? label == channel + 1 : label != 0;
}
