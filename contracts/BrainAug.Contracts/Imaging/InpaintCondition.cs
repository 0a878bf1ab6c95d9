namespace BrainAug.Contracts.Imaging;

/// <summary>
/// The inpainting Brain Generator's input, shared by the trainer, the augmentation client and the server so that all
/// three build it the same way: per sample the host slice's modalities in [-1, 1], then the region channel, then the
/// tumour label channels, the last two in {-1, 1} (1 inside). The network blanks the host inside the region itself and
/// returns host * (1 - region) + generated * region, so every pixel outside the region is the host's own.
/// The region is the tumour label (any channel) dilated by a disc of radius margin, kept inside the host's brain
/// (first modality above its background value), since the generator only paints tissue.
/// </summary>
public static class InpaintCondition
{
    public static int Channels(int modalities, int labelChannels) => modalities + 1 + labelChannels;

    /// <summary>The region for a tumour (any label channel set) in a host whose brain mask is given.</summary>
    public static bool[] Region(ReadOnlySpan<byte> labels, int labelChannels, ReadOnlySpan<bool> brain, int size, int margin)
    {
        var plane = size * size;
        var tumour = new bool[plane];
        for (var c = 0; c < labelChannels; c++)
            for (var p = 0; p < plane; p++) tumour[p] |= labels[c * plane + p] != 0;
        var region = new bool[plane];
        for (var y = 0; y < size; y++)
            for (var x = 0; x < size; x++)
            {
                if (!tumour[y * size + x]) continue;
                for (var dy = -margin; dy <= margin; dy++)
                    for (var dx = -margin; dx <= margin; dx++)
                    {
                        var (ty, tx) = (y + dy, x + dx);
                        if (dx * dx + dy * dy <= margin * margin && ty >= 0 && ty < size && tx >= 0 && tx < size) region[ty * size + tx] = true;
                    }
            }
        for (var p = 0; p < plane; p++) region[p] &= brain[p] || tumour[p];
        return region;
    }

    /// <summary>Writes one sample's condition: host (modalities x size², [-1, 1]), region, labels (labelChannels x size², {0, 1}).</summary>
    public static void Write(ReadOnlySpan<float> host, ReadOnlySpan<bool> region, ReadOnlySpan<byte> labels, int size, Span<float> condition)
    {
        var plane = size * size;
        host.CopyTo(condition);
        var regionPlane = condition.Slice(host.Length, plane);
        for (var p = 0; p < plane; p++) regionPlane[p] = region[p] ? 1f : -1f;
        var labelPlanes = condition.Slice(host.Length + plane, labels.Length);
        for (var i = 0; i < labels.Length; i++) labelPlanes[i] = labels[i] != 0 ? 1f : -1f;
    }

    /// <summary>The problem with a condition's region and label channels (they must be -1 or 1), or null.</summary>
    public static string? Problem(ReadOnlySpan<float> condition, int modalities, int labelChannels, int size)
    {
        var plane = size * size;
        var hostLength = modalities * plane;
        for (var i = 0; i < hostLength; i++)
            if (condition[i] is < -1 or > 1) return $"host channel {i / plane} holds {condition[i]} at pixel {i % plane}: host slices lie in [-1, 1]";
        for (var i = hostLength; i < condition.Length; i++)
            if (condition[i] is not (-1f or 1f))
            {
                var channel = (i - hostLength) / plane;
                return $"{(channel == 0 ? "the region channel" : $"label channel {channel - 1}")} holds {condition[i]} at pixel {(i - hostLength) % plane}: it must be -1 (outside) or 1 (inside)";
            }
        return null;
    }
}
