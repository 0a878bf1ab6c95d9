using BrainAug.Contracts.Imaging;
using BrainAug.Contracts.Training;

namespace BrainAug.Imaging.Datasets;

/// <summary>Turns loaded cases into normalised, resized axial slices according to <see cref="SliceOptions"/>.</summary>
public static class SliceExtractor
{
    public static List<BrainSlice> Extract(BrainCase brainCase, SliceOptions options)
    {
        var volumes = options.Modalities.Select(m => Normalise(brainCase.Images[m], options.Normalisation)).ToArray();
        var slices = new List<BrainSlice>();
        foreach (var z in ChooseSlices(brainCase, options))
        {
            var image = new float[volumes.Length * options.Size * options.Size];
            for (var c = 0; c < volumes.Length; c++)
            {
                var plane = Plane(volumes[c], brainCase, z);
                SliceResampler.ResizeBilinear(plane, brainCase.Width, brainCase.Height, options.Size, image.AsSpan(c * options.Size * options.Size));
            }
            var labels = TargetLabels(Plane(brainCase.Labels, brainCase, z), options.Region);
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
                return Enumerable.Range(0, brainCase.Depth).Where(z => CountInRegion(Plane(brainCase.Labels, brainCase, z), region) >= policy.MinTumourVoxels);
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
            var counts = Enumerable.Range(0, brainCase.Depth).Select(z => CountInRegion(Plane(brainCase.Labels, brainCase, z), candidate)).ToList();
            if (counts.Max() > 0) return counts.IndexOf(counts.Max());
        }
        return brainCase.Depth / 2;
    }

    private static T[] Plane<T>(T[] volume, BrainCase brainCase, int z)
    {
        var size = brainCase.Width * brainCase.Height;
        return volume.AsSpan(z * size, size).ToArray();
    }

    private static int CountInRegion(byte[] labels, TargetRegion region) => labels.Count(label => BratsRegions.Contains(region, label));

    private static byte[] TargetLabels(byte[] labels, TargetRegion? region) =>
        region is { } r ? labels.Select(label => BratsRegions.Contains(r, label) ? (byte)1 : (byte)0).ToArray() : labels;

    /// <summary>Normalises a whole volume (statistics over the volume, not the slice, so slices of one
    /// case stay comparable).</summary>
    internal static float[] Normalise(float[] volume, Normalisation normalisation)
    {
        switch (normalisation)
        {
            case Normalisation.MinMax:
                var min = volume.Min();
                var range = volume.Max() - min;
                return volume.Select(v => range > 0 ? (v - min) / range : 0f).ToArray();
            case Normalisation.ZScoreBrain:
                var brain = volume.Where(v => v != 0).Select(v => (double)v).ToArray();
                if (brain.Length == 0) return new float[volume.Length];
                var mean = brain.Average();
                var std = Math.Sqrt(brain.Sum(v => (v - mean) * (v - mean)) / brain.Length);
                return volume.Select(v => v == 0 ? 0f : (float)((v - mean) / (std > 0 ? std : 1))).ToArray();
            default:
                return volume;
        }
    }
}
