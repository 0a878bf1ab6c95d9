using BrainAug.Contracts.Imaging;

namespace BrainAug.Imaging.Datasets;

/// <summary>
/// One 2-D training example: an image of <see cref="Channels"/> x Size x Size (channel-major, row = y)
/// and a label map of Size x Size (0/1 for a region, 0..3 for multi-class).
/// </summary>
public sealed record BrainSlice(string CaseId, int SliceIndex, int Channels, int Size, float[] Image, byte[] Label)
{
    public ReadOnlySpan<float> Channel(int channel) => Image.AsSpan(channel * Size * Size, Size * Size);

    /// <summary>Where the slice shows brain (<see cref="Contracts.Imaging.BrainMask"/>).</summary>
    public bool[] Brain() => BrainMask.Of(Channel(0));

    public int TumourPixels => Label.Count(value => value != 0);
}
