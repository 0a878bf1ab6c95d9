using BrainAug.Imaging.Common;
using BrainAug.Imaging.Datasets;

namespace BrainAug.Clients.Augmentation;

/// <summary>A brain outline from a real training slice: the pixels where the first modality is above 0.</summary>
public sealed record Outline(string CaseId, int SliceIndex, bool[] Brain);

/// <summary>
/// Brain outlines drawn from the training cases of a real dataset (the same case split as the trainer, so no
/// validation or test case leaks into synthetic data), prepared as the brain generator was trained.
/// </summary>
public sealed class OutlineSource(IReadOnlyList<Outline> outlines)
{
    public int Count => outlines.Count;

    public Outline Pick(SeededRandom random) => outlines[random.NextInt(0, outlines.Count)];

    public static OutlineSource Load(string data, SliceOptions options, string? splitFile, double validation, double test, ulong splitSeed)
    {
        var dataset = BrainDataset.Open(data);
        var split = DatasetSplit.Resolve(dataset, splitFile, validation, test, splitSeed);
        // In the dataset's case order (not the split's), which fixes the index each seeded draw picks.
        var outlines = dataset.LoadSlices(dataset.Cases.Select(c => c.Id).Where(split.Train.Contains), options)
            .Select(s => new Outline(s.CaseId, s.SliceIndex, [.. s.Channel(0).ToArray().Select(v => v > 0)]))
            .ToList();
        if (outlines.Count == 0) throw new DatasetException($"no training slices in {data} match the brain generator's slice policy {options.Policy}");
        return new OutlineSource(outlines);
    }
}
