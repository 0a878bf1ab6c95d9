using BrainAug.Contracts.Imaging;
using BrainAug.Contracts.Training;

namespace BrainAug.Imaging.Datasets;

/// <summary>Turns loaded cases into normalised, resized axial slices according to <see cref="SliceOptions"/>.</summary>
public static class SliceExtractor
{
    public static List<BrainSlice> Extract(BrainCase brainCase, SliceOptions options)
    {
        var volumes = options.Modalities.Select(m => brainCase.Images[m]).ToArray();
        var normalisers = volumes.Select(v => VolumeNormaliser.Of(v, options.Normalisation)).ToArray();
        var planeSize = brainCase.Width * brainCase.Height;
        var plane = new float[planeSize];
        var slices = new List<BrainSlice>();
        foreach (var z in ChooseSlices(brainCase, options))
        {
            var image = new float[volumes.Length * options.Size * options.Size];
            for (var c = 0; c < volumes.Length; c++)
            {
                normalisers[c].Apply(volumes[c].AsSpan(z * planeSize, planeSize), plane);
                SliceResampler.ResizeBilinear(plane, brainCase.Width, brainCase.Height, options.Size, image.AsSpan(c * options.Size * options.Size));
            }
            var labels = TargetLabels(LabelPlane(brainCase, z), options.Region);
            var label = SliceResampler.ResizeNearest(labels, brainCase.Width, brainCase.Height, options.Size);
            slices.Add(new BrainSlice(brainCase.Id, z, volumes.Length, options.Size, image, label));
        }
        return slices;
    }

    private static IEnumerable<int> ChooseSlices(BrainCase brainCase, SliceOptions options)
    {
        var policy = options.Policy;
        switch (policy.Kind)
        {
            case SlicePolicyKind.Fixed:
                if (policy.Index >= brainCase.Depth)
                    throw new DatasetException($"case {brainCase.Id}: slice z={policy.Index} is outside its {brainCase.Depth} slices");
                return [policy.Index];
            case SlicePolicyKind.WithTumour:
                var region = options.Region ?? TargetRegion.Wt;
                return Enumerable.Range(0, brainCase.Depth).Where(z => CountInRegion(LabelPlane(brainCase, z), region) >= policy.MinTumourVoxels).ToList();
            case SlicePolicyKind.MostTumour:
                return [SliceWithMost(brainCase, options.Region ?? TargetRegion.Wt)];
            default:
                return Enumerable.Range(0, brainCase.Depth);
        }
    }

    private static int SliceWithMost(BrainCase brainCase, TargetRegion region)
    {
        foreach (var candidate in new[] { region, TargetRegion.Wt })
        {
            var counts = Enumerable.Range(0, brainCase.Depth).Select(z => CountInRegion(LabelPlane(brainCase, z), candidate)).ToList();
            if (counts.Max() > 0) return counts.IndexOf(counts.Max());
        }
        return brainCase.Depth / 2;
    }

    private static ReadOnlySpan<byte> LabelPlane(BrainCase brainCase, int z)
    {
        var size = brainCase.Width * brainCase.Height;
        return brainCase.Labels.AsSpan(z * size, size);
    }

    private static int CountInRegion(ReadOnlySpan<byte> labels, TargetRegion region)
    {
        var count = 0;
        foreach (var label in labels)
            if (BratsRegions.Contains(region, label)) count++;
        return count;
    }

    private static byte[] TargetLabels(ReadOnlySpan<byte> labels, TargetRegion? region)
    {
        if (region is not { } r) return labels.ToArray();
        var target = new byte[labels.Length];
        for (var i = 0; i < labels.Length; i++) target[i] = BratsRegions.Contains(r, labels[i]) ? (byte)1 : (byte)0;
        return target;
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
