using BrainAug.Imaging.Common;
using BrainAug.Imaging.Datasets;
using BrainAug.Imaging.Datasets.Store;

namespace BrainAug.Clients.Augmentation;

/// <summary>A real training slice a synthetic pair is built on: its brain outline (first modality above 0) for the
/// outline-conditioned brain generator, or the whole slice and its label for the inpainting one.</summary>
public sealed record HostSlice(string CaseId, int SliceIndex, float[] Image, byte[] Label, bool[] Brain)
{
    public bool HasTumour => Label.Any(l => l != 0);
}

/// <summary>
/// Host slices drawn from the training cases of a real dataset (the same case split as the trainer, so no
/// validation or test case leaks into synthetic data), prepared as the brain generator was trained; and the training
/// slices with a tumour, whose maps --tumours real places (whichever slices --hosts allows).
/// </summary>
public sealed class HostSlices(IReadOnlyList<HostSlice> hosts, IReadOnlyList<HostSlice> tumours)
{
    /// <summary>Which training slices may host a tumour (--hosts).</summary>
    public static readonly string[] Choices = ["all", "healthy", "tumour"];

    public int Count => hosts.Count;

    public int TumourCount => tumours.Count;

    public HostSlice Pick(SeededRandom random) => hosts[random.NextInt(0, hosts.Count)];

    /// <summary>A training slice with a tumour, for its tumour map.</summary>
    public HostSlice PickTumour(SeededRandom random) => tumours[random.NextInt(0, tumours.Count)];

    public static HostSlices Load(string data, string? store, SliceOptions options, string? splitFile, double validation, double test, ulong splitSeed, string choice = "all")
    {
        var source = SliceSource.Open(data, store);
        var dataset = source.Dataset;
        var split = DatasetSplit.Resolve(dataset, splitFile, validation, test, splitSeed);
        // In the dataset's case order (not the split's), which fixes the index each seeded draw picks.
        var training = source.LoadSlices(dataset.Cases.Select(c => c.Id).Where(split.Train.Contains), options)
            .Select(s => new HostSlice(s.CaseId, s.SliceIndex, s.Image, s.Label, s.Brain()))
            .ToList();
        var hosts = training.Where(h => choice switch { "healthy" => !h.HasTumour, "tumour" => h.HasTumour, _ => true }).ToList();
        if (hosts.Count == 0)
            throw new DatasetException($"no training slices in {data} match the brain generator's slice policy {options.Policy}{(choice == "all" ? "" : $" and --hosts {choice}")}");
        return new HostSlices(hosts, [.. training.Where(h => h.HasTumour)]);
    }
}
