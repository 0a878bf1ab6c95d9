namespace BrainAug.Contracts.Imaging;

/// <summary>
/// Where a slice shows brain: its first modality above the background value, which skull-stripped data (BraTS, MSD,
/// the phantom) keep at the bottom of the normalised range: 0 in the trainer's [0, 1] slices, -1 in the generators'
/// [-1, 1] scale. The outline a brain generator is conditioned on, and where a tumour may be painted.
/// </summary>
public static class BrainMask
{
    public const float Background = 0f, GeneratorBackground = -1f;

    public static bool[] Of(ReadOnlySpan<float> firstModality, float background = Background)
    {
        var brain = new bool[firstModality.Length];
        for (var p = 0; p < brain.Length; p++) brain[p] = firstModality[p] > background;
        return brain;
    }
}
