using BrainAug.Contracts.Imaging;

namespace BrainAug.InferenceServer.Generation;

/// <summary>
/// Turns tumour-generator label maps into brain-generator conditions: threshold at 0 (the study's rule),
/// resize to the brain generator's size by nearest neighbour (<see cref="NearestNeighbour"/>, the convention the
/// augmentation client composes its own pairs with), encode as {-1, 1}, and append the brain outline channel when
/// the brain generator takes one; or, for an inpainting brain generator, build its condition from a host slice.
/// </summary>
public static class PairComposer
{
    /// <param name="labelMaps">n x channels x sourceSize x sourceSize tanh outputs.</param>
    /// <param name="outline">size x size in {-1, 1}, or empty when the brain generator takes no outline.</param>
    /// <param name="condition">n x (channels + outline?) x size x size, written.</param>
    /// <param name="labels">n x channels x size x size in {0, 1}, written.</param>
    public static void Compose(
        ReadOnlySpan<float> labelMaps, int n, int channels, int sourceSize, ReadOnlySpan<float> outline, int size,
        Span<float> condition, Span<byte> labels)
    {
        var plane = size * size;
        var conditionChannels = channels + (outline.IsEmpty ? 0 : 1);
        for (var sample = 0; sample < n; sample++)
        {
            var label = labels.Slice(sample * channels * plane, channels * plane);
            Threshold(labelMaps.Slice(sample * channels * sourceSize * sourceSize, channels * sourceSize * sourceSize), channels, sourceSize, size, label);
            var target = condition.Slice(sample * conditionChannels * plane, conditionChannels * plane);
            for (var i = 0; i < label.Length; i++) target[i] = label[i] != 0 ? 1f : -1f;
            if (!outline.IsEmpty) outline.CopyTo(target.Slice(channels * plane, plane));
        }
    }

    /// <summary>Inpainting: the new tumour of pair i (kept inside the host's brain) goes into host (firstIndex + i) mod
    /// hostCount; its label is united with that host's own (the new tumour wins where they overlap).</summary>
    /// <param name="hosts">hostCount x modalities x size x size in [-1, 1].</param>
    /// <param name="hostLabels">hostCount x channels x size x size in {0, 1}, or empty.</param>
    /// <param name="condition">n x (modalities + 1 + channels) x size x size, written.</param>
    /// <param name="labels">n x channels x size x size in {0, 1}, written.</param>
    public static void ComposeInpainting(
        ReadOnlySpan<float> labelMaps, int n, int channels, int sourceSize, ReadOnlySpan<float> hosts, ReadOnlySpan<byte> hostLabels,
        int hostCount, ulong firstIndex, int modalities, int size, int margin, Span<float> condition, Span<byte> labels)
    {
        var plane = size * size;
        var conditionLength = InpaintCondition.Channels(modalities, channels) * plane;
        for (var sample = 0; sample < n; sample++)
        {
            var hostIndex = (int)((firstIndex + (ulong)sample) % (ulong)hostCount);
            var host = hosts.Slice(hostIndex * modalities * plane, modalities * plane);
            var brain = BrainMask.Of(host[..plane], BrainMask.GeneratorBackground);
            var tumour = new byte[channels * plane];
            Threshold(labelMaps.Slice(sample * channels * sourceSize * sourceSize, channels * sourceSize * sourceSize), channels, sourceSize, size, tumour);
            for (var i = 0; i < tumour.Length; i++) tumour[i] = brain[i % plane] ? tumour[i] : (byte)0;
            var region = InpaintCondition.Region(tumour, channels, brain, size, margin);

            var label = labels.Slice(sample * channels * plane, channels * plane);
            if (!hostLabels.IsEmpty) hostLabels.Slice(hostIndex * channels * plane, channels * plane).CopyTo(label);
            else label.Clear();
            for (var p = 0; p < plane; p++)
            {
                var inTumour = false;
                for (var c = 0; c < channels; c++) inTumour |= tumour[c * plane + p] != 0;
                if (!inTumour) continue;
                for (var c = 0; c < channels; c++) label[c * plane + p] = tumour[c * plane + p];
            }
            // The generator paints from the united label: where the region covers part of the host's own tumour, that
            // part is repainted as tumour too, so the label says tumour only where the image shows one.
            InpaintCondition.Write(host, region, label, size, condition.Slice(sample * conditionLength, conditionLength));
        }
    }

    /// <summary>One sample's tanh label channels, thresholded at 0 and resized to size x size.</summary>
    private static void Threshold(ReadOnlySpan<float> labelMap, int channels, int sourceSize, int size, Span<byte> labels)
    {
        var plane = size * size;
        for (var channel = 0; channel < channels; channel++)
        {
            var source = labelMap.Slice(channel * sourceSize * sourceSize, sourceSize * sourceSize);
            var label = labels.Slice(channel * plane, plane);
            for (var y = 0; y < size; y++)
            {
                var sourceRow = NearestNeighbour.SourceIndex(y, sourceSize, size) * sourceSize;
                for (var x = 0; x < size; x++)
                    label[y * size + x] = source[sourceRow + NearestNeighbour.SourceIndex(x, sourceSize, size)] > 0 ? (byte)1 : (byte)0;
            }
        }
    }
}
