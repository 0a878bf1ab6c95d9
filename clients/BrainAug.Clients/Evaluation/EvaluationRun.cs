using BrainAug.Clients.Connection;
using BrainAug.Contracts;
using BrainAug.Contracts.Imaging;
using BrainAug.Contracts.Training;
using BrainAug.Imaging.Datasets;
using BrainAug.Imaging.Datasets.Store;
using BrainAug.Imaging.Metrics;

namespace BrainAug.Clients.Evaluation;

/// <summary>Which cases to score and how.</summary>
public sealed record EvaluateSettings(
    string Data, IReadOnlyList<string> Models, float Threshold, string Split, double Validation, double Test, ulong SplitSeed, int Batch, string CommandLine, string? SplitFile = null,
    string? Store = null, string? ModelCards = null);

/// <summary>One model's scores for one region (a regions model gives three: WT, TC, ET).</summary>
public sealed record ScoredRegion(ServedModel Model, string Region, List<ScoredImage> Images, Dictionary<string, double> Spacing);

/// <summary>
/// The evaluation client: segments the chosen split of a dataset through the server, model by model, with the
/// slices prepared as each model was trained (modalities, region, policy, size from its training config), and
/// scores every slice and case with <see cref="SegmentationMetrics"/>: a one-region model on its region, a regions
/// model on WT, TC and ET separately (<see cref="RegionScoring"/>).
/// </summary>
public sealed class EvaluationRun(IInferenceProtocol server, EvaluateSettings settings)
{
    public const float StudyThreshold = 0.7f;
    public const int StudyBatch = 10;

    public async Task<List<ScoredRegion>> RunAsync(CancellationToken cancellation)
    {
        var source = SliceSource.Open(settings.Data, settings.Store);
        var cases = CasesOf(source.Dataset);
        var results = new List<ScoredRegion>();
        // Models trained alike (the experiment's 25) share their slices: loading the cases once per model took most
        // of the evaluation with four modalities.
        var loaded = new Dictionary<string, (IReadOnlyList<BrainSlice> Slices, Dictionary<string, double> Spacing)>();
        foreach (var reference in settings.Models)
        {
            var model = await server.FindAsync(reference, cancellation);
            var config = model.ConfigAs<SegConfig>();
            if (config.MultiClass) throw new ArgumentException($"{model.Name}:{model.Version} is a multi-class (softmax) model; evaluate scores one-region models (et, tc or wt) and regions models (WT, TC, ET)");
            var options = SliceOptionsFactory.Create(config.Modalities, Words.Of(config.Region), config.Policy, model.Size);
            var key = $"{config.Modalities}|{Words.Of(config.Region)}|{config.Policy}|{model.Size}";
            if (!loaded.TryGetValue(key, out var prepared)) loaded[key] = prepared = LoadSlices(source, cases, options);
            var (slices, spacing) = prepared;
            if (slices.Count == 0) throw new DatasetException($"no {settings.Split} slices of {settings.Data} match {model.Name}'s slice policy {options.Policy}");
            var progress = new ProgressBar($"slices ({model.Name}:{model.Version})", slices.Count, 0);
            var regions = config.Regions ? BratsRegions.Words : [Words.Of(config.Region)];
            var scored = regions.Select(_ => new List<ScoredImage>()).ToList();
            foreach (var batch in slices.Chunk(settings.Batch))
            {
                var perRegion = await ScoreAsync(model, config.Regions, batch, spacing, cancellation);
                for (var r = 0; r < regions.Count; r++) scored[r].AddRange(perRegion[r]);
                progress.Advance(batch.Length);
            }
            results.AddRange(regions.Select((region, r) => new ScoredRegion(model, region, scored[r], spacing)));
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

    /// <summary>The slices and each case's in-plane pixel size in mm after resizing to the model's size; from a slice
    /// store, read a batch at a time.</summary>
    private static (IReadOnlyList<BrainSlice> Slices, Dictionary<string, double> Spacing) LoadSlices(SliceSource source, List<CaseReference> cases, SliceOptions options)
    {
        if (source.Store is { } store)
            return (store.Slices(cases.Select(c => c.Id), options), cases.ToDictionary(c => c.Id, c => store.FieldOfView(c.Id) / options.Size));
        var slices = new List<BrainSlice>();
        var spacing = new Dictionary<string, double>();
        foreach (var reference in cases)
        {
            var brainCase = reference.Load(options.Modalities);
            spacing[brainCase.Id] = brainCase.FieldOfView / options.Size;
            slices.AddRange(SliceExtractor.Extract(brainCase, options));
        }
        return (slices, spacing);
    }

    /// <summary>The batch's scored slices, one list per region scored.</summary>
    private async Task<List<ScoredImage>[]> ScoreAsync(ServedModel model, bool regions, BrainSlice[] batch, Dictionary<string, double> spacing, CancellationToken cancellation)
    {
        var size = batch[0].Size;
        var images = batch.SelectMany(s => s.Image).ToArray();
        var probability = await server.SegmentAsync(model, images, batch.Length, cancellation);
        var sample = probability.Length / batch.Length;
        var perRegion = Enumerable.Range(0, regions ? BratsRegions.Words.Count : 1).Select(_ => new List<ScoredImage>()).ToArray();
        for (var i = 0; i < batch.Length; i++)
        {
            var slice = batch[i];
            var mm = spacing[slice.CaseId];
            var output = probability.AsSpan(i * sample, sample);
            if (!regions)
            {
                var predicted = RegionScoring.Threshold(output, settings.Threshold);
                var truth = slice.Label.Select(l => l != 0 ? (byte)1 : (byte)0).ToArray();
                perRegion[0].Add(new ScoredImage(slice.CaseId, slice.SliceIndex, SegmentationMetrics.Compute(predicted, truth, size, size, mm, mm),
                    predicted, truth, RegionScoring.Threshold(output, StudyThreshold)));
                continue;
            }
            var labels = RegionScoring.Labels(output, settings.Threshold);
            var labelsAt07 = RegionScoring.Labels(output, StudyThreshold);
            for (var r = 0; r < perRegion.Length; r++)
            {
                var (predicted, truth) = (RegionScoring.Mask(labels, r), RegionScoring.Mask(slice.Label, r));
                perRegion[r].Add(new ScoredImage(slice.CaseId, slice.SliceIndex, SegmentationMetrics.Compute(predicted, truth, size, size, mm, mm),
                    predicted, truth, RegionScoring.Mask(labelsAt07, r)));
            }
        }
        return perRegion;
    }
}
