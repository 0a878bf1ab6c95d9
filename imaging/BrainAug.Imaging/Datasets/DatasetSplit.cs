using BrainAug.Contracts;
using BrainAug.Contracts.Data;

namespace BrainAug.Imaging.Datasets;

/// <summary>
/// The one place a dataset's split is made or read. An experiment writes split.json once (<see cref="Write"/>) and
/// every tool reads it (<see cref="Resolve"/> with the file); a tool run on its own without a file makes the same
/// split from the seed and fractions.
/// </summary>
public static class DatasetSplit
{
    public static SplitFile Make(BrainDataset dataset, double validation, double test, ulong seed)
    {
        var split = CaseSplit.Create(dataset.Cases.Select(c => c.Id), validation, test, seed);
        return new SplitFile
        {
            Data = Path.GetFullPath(dataset.Root), SplitSeed = seed, ValidationFraction = validation, TestFraction = test,
            Train = split.Train, Validation = split.Validation, Test = split.Test,
        };
    }

    /// <summary>Fold <paramref name="fold"/> of <paramref name="folds"/> (<see cref="CaseSplit.Fold"/>); the test
    /// fraction records the fold's share of the cases.</summary>
    public static SplitFile MakeFold(BrainDataset dataset, int folds, int fold, double validation, ulong seed)
    {
        var ids = dataset.Cases.Select(c => c.Id).ToList();
        var split = CaseSplit.Fold(ids, folds, fold, validation, seed);
        return new SplitFile
        {
            Data = Path.GetFullPath(dataset.Root), SplitSeed = seed, ValidationFraction = validation, TestFraction = (double)split.Test.Count / ids.Count,
            Train = split.Train, Validation = split.Validation, Test = split.Test,
        };
    }

    /// <summary>Makes the split and writes it to <paramref name="path"/>.</summary>
    public static SplitFile Write(string path, BrainDataset dataset, double validation, double test, ulong seed)
    {
        var split = Make(dataset, validation, test, seed);
        ContractFile.Write(path, split);
        return split;
    }

    /// <summary>The split in <paramref name="splitFile"/> (checked against the dataset's cases) or, when null, the one
    /// made from the seed and fractions.</summary>
    public static SplitFile Resolve(BrainDataset dataset, string? splitFile, double validation, double test, ulong seed)
    {
        if (splitFile is null) return Make(dataset, validation, test, seed);
        var file = ContractFile.Read<SplitFile>(splitFile);
        var known = dataset.Cases.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        var unknown = file.Train.Concat(file.Validation).Concat(file.Test).FirstOrDefault(id => !known.Contains(id));
        if (unknown is not null)
            throw new DatasetException($"{splitFile} names case {unknown}, which {dataset.Root} does not hold: the split was written for {file.Data}");
        if (file.Train.Count == 0) throw new DatasetException($"{splitFile} has no training cases");
        return file;
    }
}
