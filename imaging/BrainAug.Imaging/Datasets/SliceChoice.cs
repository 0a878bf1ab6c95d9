using BrainAug.Contracts.Training;

namespace BrainAug.Imaging.Datasets;

/// <summary>
/// Which axial slices of a case a <see cref="SlicePolicy"/> takes, decided on the tumour voxels of each source slice:
/// counted from the volume's labels when cutting from NIfTI, or read from a slice store's index, with the same answer.
/// </summary>
public static class SliceChoice
{
    /// <param name="count">Voxels of a region (wt, tc or et) in source slice z.</param>
    public static IReadOnlyList<int> Choose(string caseId, int depth, SlicePolicy policy, TargetRegion? target, Func<int, TargetRegion, int> count)
    {
        var region = target ?? TargetRegion.Wt;
        switch (policy.Kind)
        {
            case SlicePolicyKind.Fixed:
                if (policy.Index >= depth)
                    throw new DatasetException($"case {caseId}: slice z={policy.Index} is outside its {depth} slices");
                return [policy.Index];
            case SlicePolicyKind.WithTumour:
                return [.. Enumerable.Range(0, depth).Where(z => count(z, region) >= policy.MinTumourVoxels)];
            case SlicePolicyKind.MostTumour:
                return [SliceWithMost(depth, region, count)];
            default:
                return [.. Enumerable.Range(0, depth)];
        }
    }

    private static int SliceWithMost(int depth, TargetRegion region, Func<int, TargetRegion, int> count)
    {
        foreach (var candidate in new[] { region, TargetRegion.Wt })
        {
            var counts = Enumerable.Range(0, depth).Select(z => count(z, candidate)).ToList();
            if (counts.Max() > 0) return counts.IndexOf(counts.Max());
        }
        return depth / 2;
    }
}
