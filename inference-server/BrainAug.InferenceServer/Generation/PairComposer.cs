using BrainAug.Contracts.Imaging;

namespace BrainAug.InferenceServer.Generation;

/// <summary>
/// Turns tumour-generator label maps into brain-generator conditions: threshold at 0 (the study's rule),
/// resize to the brain generator's size by nearest neighbour (<see cref="NearestNeighbour"/>, the convention the
/// augmentation client composes its own pairs with), encode as {-1, 1}, and append the brain
/// outline channel when the brain generator takes one.
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
            for (var channel = 0; channel < channels; channel++)
            {
                var source = labelMaps.Slice((sample * channels + channel) * sourceSize * sourceSize, sourceSize * sourceSize);
                var target = condition.Slice((sample * conditionChannels + channel) * plane, plane);
                var label = labels.Slice((sample * channels + channel) * plane, plane);
                for (var y = 0; y < size; y++)
                {
                    var sourceRow = NearestNeighbour.SourceIndex(y, sourceSize, size) * sourceSize;
                    for (var x = 0; x < size; x++)
                    {
                        var inside = source[sourceRow + NearestNeighbour.SourceIndex(x, sourceSize, size)] > 0;
                        target[y * size + x] = inside ? 1f : -1f;
                        label[y * size + x] = inside ? (byte)1 : (byte)0;
                    }
                }
            }
            if (!outline.IsEmpty) outline.CopyTo(condition.Slice((sample * conditionChannels + channels) * plane, plane));
        }
    }
}
