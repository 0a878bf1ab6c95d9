using BrainAug.Contracts;
using BrainAug.Imaging.Augmentation;
using BrainAug.Imaging.Datasets;
using BrainAug.Imaging.Datasets.Store;

namespace BrainAug.Report.Experiment;

/// <summary>
/// The slices the report looks at, cut exactly as the Seg-DNNs saw them: the real training and test slices
/// (same split), the synthetic pairs resized to the same side, and the geometric copies the geometric arm's
/// first seed trained on.
/// </summary>
public sealed record ReportSlices(List<BrainSlice> RealTrain, List<BrainSlice> RealTest, List<BrainSlice> Synthetic, List<BrainSlice> Geometric)
{
    public static ReportSlices Load(ExperimentRun run)
    {
        var s = run.Seg;
        var options = SliceOptionsFactory.Create(s.Modalities, Words.Of(s.Region), s.Policy, s.Size);
        // The run's slice store when it has one (the data stage prepares it), the NIfTI files otherwise: the same slices.
        var source = SliceSource.Open(run.Data, Directory.Exists(run.Layout.Store) ? run.Layout.Store : null);
        var split = DatasetSplit.Resolve(source.Dataset, run.Record.SplitFile, 0, 0, 0);
        var train = source.LoadSlices(split.Train, options);
        var test = source.LoadSlices(split.Test, options);
        var syntheticSet = BrainDataset.Open(run.SyntheticFolder);
        var synthetic = syntheticSet.LoadSlices(syntheticSet.Cases.Select(c => c.Id), options with { Policy = SlicePolicy.All });
        if (train.Count == 0 || test.Count == 0 || synthetic.Count == 0)
            throw new InvalidDataException($"the run's slices are empty: {train.Count} real training, {test.Count} test, {synthetic.Count} synthetic");
        return new ReportSlices(train, test, synthetic, GeometricAugmentation.Copies(train, run.N, 1));
    }
}
