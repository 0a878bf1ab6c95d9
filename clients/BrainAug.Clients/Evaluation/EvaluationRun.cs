using BrainAug.Clients.Connection;
using BrainAug.Contracts;
using BrainAug.Contracts.Training;
using BrainAug.Imaging.Datasets;
using BrainAug.Imaging.Metrics;

namespace BrainAug.Clients.Evaluation;

/// <summary>Which cases to score and how.</summary>
public sealed record EvaluateSettings(
    string Data, IReadOnlyList<string> Models, float Threshold, string Split, double Validation, double Test, ulong SplitSeed, int Batch, string CommandLine, string? SplitFile = null);

/// <summary>
/// The evaluation client: segments the chosen split of a dataset through the server, model by model, with the
/// slices prepared as each model was trained (modalities, region, policy, size from its training config), and
/// scores every slice and case with <see cref="SegmentationMetrics"/>.
/// </summary>
public sealed class EvaluationRun(IInferenceProtocol server, EvaluateSettings settings)
{
    public const float StudyThreshold = 0.7f;
    public const int StudyBatch = 10;

    public async Task<List<(ServedModel Model, List<ScoredImage> Images, Dictionary<string, double> Spacing)>> RunAsync(CancellationToken cancellation)
    {
        var dataset = BrainDataset.Open(settings.Data);
        var cases = CasesOf(dataset);
        var results = new List<(ServedModel, List<ScoredImage>, Dictionary<string, double>)>();
        foreach (var reference in settings.Models)
        {
            var model = await server.FindAsync(reference, cancellation);
            var config = model.ConfigAs<SegConfig>();
            if (config.MultiClass) throw new ArgumentException($"{model.Name}:{model.Version} is a multi-class model; evaluate scores one-region models (et, tc or wt)");
            var options = SliceOptionsFactory.Create(config.Modalities, Words.Of(config.Region), config.Policy, model.Size);
            var (slices, spacing) = LoadSlices(cases, options);
            if (slices.Count == 0) throw new DatasetException($"no {settings.Split} slices of {settings.Data} match {model.Name}'s slice policy {options.Policy}");
            var progress = new ProgressBar($"slices ({model.Name}:{model.Version})", slices.Count, 0);
            var scored = new List<ScoredImage>();
            foreach (var batch in slices.Chunk(settings.Batch))
                scored.AddRange(await ScoreAsync(model, batch, spacing, progress, cancellation));
            results.Add((model, scored, spacing));
        }
        return results;
    }

    private List<CaseReference> CasesOf(BrainDataset dataset)
    {
        if (settings.Split == "all") return [.. dataset.Cases];
        var split = DatasetSplit.Resolve(dataset, settings.SplitFile, settings.Validation, settings.Test, settings.SplitSeed);
        var ids = settings.Split switch { "train" => split.Train, "validation" => split.Validation, _ => split.Test };
        return [.. dataset.Cases.Where(c => ids.Contains(c.Id))];
    }

    /// <summary>The slices and each case's in-plane pixel size in mm after resizing to the model's size.</summary>
    private static (List<BrainSlice> Slices, Dictionary<string, double> Spacing) LoadSlices(List<CaseReference> cases, SliceOptions options)
    {
        var slices = new List<BrainSlice>();
        var spacing = new Dictionary<string, double>();
        foreach (var reference in cases)
        {
            var brainCase = reference.Load(options.Modalities);
            var voxel = Math.Sqrt(Math.Pow(brainCase.Affine[0, 0], 2) + Math.Pow(brainCase.Affine[1, 0], 2) + Math.Pow(brainCase.Affine[2, 0], 2));
            spacing[brainCase.Id] = voxel * brainCase.Width / options.Size;
            slices.AddRange(SliceExtractor.Extract(brainCase, options));
        }
        return (slices, spacing);
    }

    private async Task<IEnumerable<ScoredImage>> ScoreAsync(ServedModel model, BrainSlice[] batch, Dictionary<string, double> spacing, ProgressBar progress, CancellationToken cancellation)
    {
        var size = batch[0].Size;
        var images = batch.SelectMany(s => s.Image).ToArray();
        var probability = await server.SegmentAsync(model, images, batch.Length, cancellation);
        var plane = size * size;
        return batch.Select((slice, i) =>
        {
            var predicted = Threshold(probability.AsSpan(i * plane, plane), settings.Threshold);
            var truth = slice.Label.Select(l => l != 0 ? (byte)1 : (byte)0).ToArray();
            var metrics = SegmentationMetrics.Compute(predicted, truth, size, size, spacing[slice.CaseId], spacing[slice.CaseId]);
            progress.Advance();
            return new ScoredImage(slice.CaseId, slice.SliceIndex, metrics, predicted, truth, Threshold(probability.AsSpan(i * plane, plane), StudyThreshold));
        }).ToList();
    }

    private static byte[] Threshold(ReadOnlySpan<float> probability, float threshold)
    {
        var mask = new byte[probability.Length];
        for (var i = 0; i < mask.Length; i++) mask[i] = probability[i] >= threshold ? (byte)1 : (byte)0;
        return mask;
    }
}
