using BrainAug.Contracts.Imaging;
using BrainAug.Contracts.Training;

namespace BrainAug.Imaging.Datasets;

/// <summary>Turns loaded cases into normalised, resized axial slices according to <see cref="SliceOptions"/>.</summary>
public static class SliceExtractor
{
    public static List<BrainSlice> Extract(BrainCase brainCase, SliceOptions options)
    {
        var cutter = new SliceCutter(brainCase, options.Modalities, options.Normalisation, options.Size);
        var slices = new List<BrainSlice>();
        foreach (var z in ChooseSlices(brainCase, options))
        {
            var image = new float[options.Modalities.Count * options.Size * options.Size];
            cutter.CutImage(z, image);
            slices.Add(new BrainSlice(brainCase.Id, z, options.Modalities.Count, options.Size, image, cutter.CutLabels(z, options.Region)));
        }
        return slices;
    }

    /// <summary>The slices <paramref name="options"/>' policy takes from a loaded case.</summary>
    public static IReadOnlyList<int> ChooseSlices(BrainCase brainCase, SliceOptions options) =>
        SliceChoice.Choose(brainCase.Id, brainCase.Depth, options.Policy, options.Region,
            (z, region) => CountInRegion(brainCase.LabelPlane(z), region));

    /// <summary>Voxels of <paramref name="region"/> in one label plane.</summary>
    public static int CountInRegion(ReadOnlySpan<byte> labels, TargetRegion region)
    {
        var count = 0;
        foreach (var label in labels)
            if (BratsRegions.Contains(region, label)) count++;
        return count;
    }

    /// <summary>Normalises a whole volume into a new array (statistics over the volume, not the slice, so slices of
    /// one case stay comparable).</summary>
    internal static float[] Normalise(float[] volume, Normalisation normalisation)
    {
        var normalised = new float[volume.Length];
        VolumeNormaliser.Of(volume, normalisation).Apply(volume, normalised);
        return normalised;
    }
}
