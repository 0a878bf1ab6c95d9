using BrainAug.Imaging.Datasets;

namespace BrainAug.Report.Experiment;

/// <summary>Every arm's seed-1 Seg-DNN run by ONNX Runtime on a few real test slices, for the overlay figure.</summary>
public static class ArmSegmentations
{
    /// <summary>The slices shown and, per arm, each slice's probabilities.</summary>
    public static (List<BrainSlice> Shown, List<IReadOnlyList<float[]>> Probabilities) Of(ExperimentRun run, IReadOnlyList<BrainSlice> test, int count)
    {
        var shown = Shown(test, count);
        var probabilities = run.Arms.Select(arm =>
        {
            using var model = new SegDnnModel(run.ModelFile(ExperimentRun.ModelName(arm, 1)));
            return (IReadOnlyList<float[]>)model.Probabilities([.. shown.Select(s => s.Image)]);
        }).ToList();
        return (shown, probabilities);
    }

    /// <summary>The test slices drawn with every arm's segmentation: the largest tumour of each test case first (so
    /// the figure shows several patients), then further slices in order.</summary>
    private static List<BrainSlice> Shown(IReadOnlyList<BrainSlice> test, int count)
    {
        var perCase = test.GroupBy(s => s.CaseId).Select(g => g.MaxBy(s => s.TumourPixels)!).ToList();
        return [.. perCase.Concat(test.Except(perCase)).Take(count)];
    }
}
