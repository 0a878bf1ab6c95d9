using System.Collections.Concurrent;
using BrainAug.Clients.Connection;
using BrainAug.Contracts;
using BrainAug.Contracts.Training;
using BrainAug.Imaging.Common;
using BrainAug.Imaging.Datasets;
using BrainAug.Protos.V1;

namespace BrainAug.Clients.Augmentation;

/// <summary>What the augmentation client was asked for; saved as augment.json so that a rerun continues the same run.</summary>
public sealed record AugmentSettings
{
    public required int Count { get; init; }
    public required ulong Seed { get; init; }
    /// <summary>name:version, as resolved on the first run (a rerun keeps these versions).</summary>
    public required string TumourModel { get; init; }
    public required string BrainModel { get; init; }
    public string? Data { get; init; }
    public double Validation { get; init; } = 0.1;
    public double Test { get; init; } = 0.2;
    public ulong SplitSeed { get; init; } = 1;
    /// <summary>The trainer's split.json; when set it gives the training cases (and the fractions and seed are unused).</summary>
    public string? SplitFile { get; init; }
    public PlacementOptions Placement { get; init; } = PlacementOptions.Default;
    public bool Previews { get; init; }
    public string CommandLine { get; init; } = "";

    /// <summary>What differs between an earlier run's settings and these (models compared by name, and by
    /// version when this request names one); null when the run can continue.</summary>
    public static string? Difference(AugmentSettings earlier, AugmentSettings now)
    {
        if (earlier.Count != now.Count) return $"count {earlier.Count} vs {now.Count}";
        if (earlier.Seed != now.Seed) return $"seed {earlier.Seed} vs {now.Seed}";
        if (!SameModel(earlier.TumourModel, now.TumourModel) || !SameModel(earlier.BrainModel, now.BrainModel))
            return $"models {earlier.TumourModel}, {earlier.BrainModel} vs {now.TumourModel}, {now.BrainModel}";
        if (earlier.Data != now.Data || earlier.Validation != now.Validation || earlier.Test != now.Test || earlier.SplitSeed != now.SplitSeed || earlier.SplitFile != now.SplitFile)
            return "outline data or split";
        return earlier.Placement != now.Placement || earlier.Previews != now.Previews ? "placement or previews" : null;
    }

    private static bool SameModel(string earlier, string requested) =>
        requested.Contains(':') ? earlier == requested : earlier.Split(':')[0] == requested;
}

/// <summary>
/// The augmentation client: for each sample index, tumours from the server's tumour generator (up to 32 tries
/// when placement rejects one), a brain outline from a real training slice, a slice from the brain generator,
/// and the pair written to disk. Every choice comes from (seed, index), so any interruption and rerun gives the
/// same bytes, and several workers keep several servers busy.
/// </summary>
public sealed class AugmentationRun(ServerConnection connection, AugmentSettings requested, string output, int concurrency)
{
    /// <summary>Tumours drawn per sample: sample k uses the tumour generator's indices 32k .. 32k+31, in order (a
    /// generator trained on few slices draws an empty map now and then; 8 tries left a 1090-sample run short).</summary>
    public const int Attempts = 32;

    private readonly ConcurrentDictionary<string, int> _rejections = new();

    public IReadOnlyDictionary<string, int> Rejections => _rejections;

    public async Task<string> RunAsync(CancellationToken cancellation)
    {
        var tumour = await ServedModel.FindAsync(connection, requested.TumourModel, cancellation);
        var brain = await ServedModel.FindAsync(connection, requested.BrainModel, cancellation);
        var modalities = brain.ConfigAs<BrainConfig>().Modalities.Split(',', StringSplitOptions.RemoveEmptyEntries);
        // Everything is checked (models, outline data) before the output folder is touched.
        var plan = Plan.Create(tumour, brain, requested);
        var writer = new SyntheticDatasetWriter(output, modalities, requested.Previews);
        var settings = writer.Prepare(requested with { TumourModel = Stamp(tumour), BrainModel = Stamp(brain) }, AugmentSettings.Difference);
        if (settings.TumourModel != Stamp(tumour) || settings.BrainModel != Stamp(brain))
        {
            // A resumed run keeps the model versions it started with, even if the server's defaults moved on.
            tumour = await ServedModel.FindAsync(connection, settings.TumourModel, cancellation);
            brain = await ServedModel.FindAsync(connection, settings.BrainModel, cancellation);
            plan = Plan.Create(tumour, brain, settings);
        }
        var pending = Enumerable.Range(0, settings.Count).Where(i => !writer.IsComplete(i)).ToList();
        var progress = new ProgressBar("samples", settings.Count, settings.Count - pending.Count);
        await Parallel.ForEachAsync(pending, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellation }, async (index, token) =>
        {
            var (record, image, labels) = await MakeSampleAsync(plan, settings, index, token);
            writer.Write(record, image, labels, plan.Size);
            progress.Advance();
        });
        writer.Finish(settings.Count, plan.Region, $"BrainAug synthetic pairs from {Stamp(tumour)} and {Stamp(brain)}, seed {settings.Seed}");
        return $"{settings.Count} samples in {output} ({pending.Count} made now, {settings.Count - pending.Count} already there); " +
               $"tumours rejected: {(_rejections.IsEmpty ? "none" : string.Join(", ", _rejections.OrderBy(r => r.Key).Select(r => $"{r.Value} {r.Key}")))}";
    }

    private async Task<(SampleRecord, float[], byte[])> MakeSampleAsync(Plan plan, AugmentSettings settings, int index, CancellationToken cancellation)
    {
        var random = SeededRandom.For(settings.Seed, (ulong)index);
        var outline = plan.Outlines?.Pick(random);
        var firstTumour = (ulong)index * Attempts; // index < 2^31, so the last tumour index is below 2^37, far from 2^64
        var tumours = await connection.CallAsync(o => connection.Client.GenerateTumourAsync(new GenerateTumourRequest
        {
            Model = plan.TumourRef, Seed = settings.Seed, StartIndex = firstTumour, Count = Attempts,
        }, o), cancellation);
        var masks = tumours.Mask.Data.Span;
        var sourcePlane = plan.LabelChannels * plan.TumourSize * plan.TumourSize;
        var reasons = new List<string>();
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var resized = LabelComposer.Resize(masks.Slice(attempt * sourcePlane, sourcePlane), plan.LabelChannels, plan.TumourSize, plan.Size);
            var (placed, placement) = TumourPlacement.Place(resized, plan.LabelChannels, plan.Size, outline?.Brain, settings.Placement, random);
            if (TumourPlacement.Rejection(placed, plan.LabelChannels, plan.Size, outline?.Brain) is { } reason)
            {
                _rejections.AddOrUpdate(reason, 1, (_, n) => n + 1);
                reasons.Add(reason);
                continue;
            }
            var condition = LabelComposer.Condition(placed, plan.LabelChannels, plan.Size, plan.TakesOutline ? outline!.Brain : null);
            var response = await connection.CallAsync(o => connection.Client.GenerateBrainAsync(new GenerateBrainRequest
            {
                Model = plan.BrainRef,
                Condition = Tensors.Float32(condition, 1, condition.Length / (plan.Size * plan.Size), plan.Size, plan.Size),
            }, o), cancellation);
            var image = Tensors.Floats(response.Image).ToArray();
            for (var i = 0; i < image.Length; i++) image[i] = (image[i] + 1) / 2; // [-1, 1] -> the trainer's [0, 1]
            var record = new SampleRecord(SyntheticDatasetWriter.CaseId(index), settings.Seed, index, firstTumour + (ulong)attempt, attempt + 1,
                plan.TumourStamp, plan.BrainStamp, outline?.CaseId, outline?.SliceIndex, placement, "BraTS: 0 background, 1 necrotic/non-enhancing core, 2 edema, 4 enhancing",
                plan.SpacingMm, DateTimeOffset.UtcNow);
            return (record, image, LabelComposer.ToBrats(placed, plan.LabelChannels, plan.Size, plan.Region));
        }
        throw new InvalidOperationException($"sample {index}: all {Attempts} generated tumours were rejected ({string.Join(", ", reasons.GroupBy(r => r).Select(g => $"{g.Count()} {g.Key}"))}); " +
            "try --centre random with a smaller --scale, or a better-trained tumour generator");
    }

    private static string Stamp(ServedModel model) => $"{model.Name}:{model.Version}";

    /// <summary>The generators' geometry and the outline source, worked out once.</summary>
    private sealed record Plan(
        ModelRef TumourRef, ModelRef BrainRef, ModelStamp TumourStamp, ModelStamp BrainStamp, int LabelChannels, int TumourSize, int Size,
        bool TakesOutline, string Region, double SpacingMm, OutlineSource? Outlines)
    {
        public static Plan Create(ServedModel tumour, ServedModel brain, AugmentSettings settings)
        {
            var tumourConfig = tumour.ConfigAs<TumourConfig>();
            var brainConfig = brain.ConfigAs<BrainConfig>();
            var region = Words.Of(tumourConfig.Region);
            var labelChannels = tumourConfig.LabelChannels;
            var takesOutline = brain.Channels == labelChannels + 1;
            if (!takesOutline && brain.Channels != labelChannels)
                throw new InvalidOperationException($"{Stamp(tumour)} makes {labelChannels} label channels but {Stamp(brain)} takes {brain.Channels} condition channels");
            if (takesOutline && settings.Data is null)
                throw new InvalidOperationException($"{Stamp(brain)} draws inside a brain outline: give --data, a real dataset whose training slices supply the outlines");
            var outlines = settings.Data is null ? null : OutlineSource.Load(settings.Data,
                SliceOptionsFactory.Create(brainConfig.Modalities, "wt", brainConfig.Policy, brain.Size),
                settings.SplitFile, settings.Validation, settings.Test, settings.SplitSeed);
            return new Plan(
                new ModelRef { Name = tumour.Name, Version = tumour.Version }, new ModelRef { Name = brain.Name, Version = brain.Version },
                new ModelStamp(tumour.Name, tumour.Version, tumour.Sha256), new ModelStamp(brain.Name, brain.Version, brain.Sha256),
                labelChannels, tumour.OutputSize, brain.Size, takesOutline, region, 240.0 / brain.Size, outlines);
        }
    }
}
