using System.Collections.Concurrent;
using BrainAug.Clients.Connection;
using BrainAug.Contracts;
using BrainAug.Contracts.Generation;
using BrainAug.Contracts.Imaging;
using BrainAug.Contracts.Training;
using BrainAug.Imaging.Common;
using BrainAug.Imaging.Datasets;

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

    /// <summary>A slice store prepared from <see cref="Data"/>: the hosts are read from it (the same slices, so a rerun
    /// may add or drop it).</summary>
    public string? Store { get; init; }
    public double Validation { get; init; } = 0.1;
    public double Test { get; init; } = 0.2;
    public ulong SplitSeed { get; init; } = 1;
    /// <summary>The trainer's split.json; when set it gives the training cases (and the fractions and seed are unused).</summary>
    public string? SplitFile { get; init; }
    public PlacementOptions Placement { get; init; } = PlacementOptions.Default;
    /// <summary>Which training slices host the tumours of an inpainting brain generator: all, healthy or tumour.</summary>
    public string Hosts { get; init; } = "all";
    /// <summary>Where the tumour maps come from: "generated" (the tumour generator) or "real" (a real training tumour,
    /// then placed like a generated one), see <see cref="TumourSources"/>.</summary>
    public string Tumours { get; init; } = TumourSources.Generated;
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
        if (earlier.Hosts != now.Hosts) return $"hosts {earlier.Hosts} vs {now.Hosts}";
        if (earlier.Tumours != now.Tumours) return $"tumours {earlier.Tumours} vs {now.Tumours}";
        return earlier.Placement != now.Placement || earlier.Previews != now.Previews ? "placement or previews" : null;
    }

    private static bool SameModel(string earlier, string requested) =>
        requested.Contains(':') ? earlier == requested : earlier.Split(':')[0] == requested;
}

/// <summary>
/// The augmentation client: for each sample index, tumours from the server's tumour generator (up to 32 tries
/// when placement rejects one), a real training slice (its brain outline, or the whole slice as the host an
/// inpainting generator paints the tumour into), a slice from the brain generator, and the pair written to disk. Every choice comes from (seed, index), so any interruption and rerun gives the
/// same bytes, and several workers keep several servers busy.
/// </summary>
public sealed class AugmentationRun(IInferenceProtocol server, AugmentSettings requested, string output, int concurrency)
{
    /// <summary>Tumours drawn per sample: sample k uses the tumour generator's indices 32k .. 32k+31, in order (a
    /// generator trained on few slices draws an empty map now and then; 8 tries left a 1090-sample run short), or
    /// with --tumours real up to 32 real training tumours.</summary>
    public const int Attempts = 32;

    private readonly ConcurrentDictionary<string, int> _rejections = new();

    public IReadOnlyDictionary<string, int> Rejections => _rejections;

    public async Task<string> RunAsync(CancellationToken cancellation)
    {
        var tumour = await server.FindAsync(requested.TumourModel, cancellation);
        var brain = await server.FindAsync(requested.BrainModel, cancellation);
        var modalities = brain.ConfigAs<BrainConfig>().Modalities.Split(',', StringSplitOptions.RemoveEmptyEntries);
        // Everything is checked (models, outline data) before the output folder is touched.
        var plan = Plan.Create(tumour, brain, requested);
        var writer = new SyntheticDatasetWriter(output, modalities, requested.Previews);
        var settings = writer.Prepare(requested with { TumourModel = Stamp(tumour), BrainModel = Stamp(brain) }, AugmentSettings.Difference);
        if (settings.TumourModel != Stamp(tumour) || settings.BrainModel != Stamp(brain))
        {
            // A resumed run keeps the model versions it started with, even if the server's defaults moved on.
            tumour = await server.FindAsync(settings.TumourModel, cancellation);
            brain = await server.FindAsync(settings.BrainModel, cancellation);
            plan = Plan.Create(tumour, brain, settings);
        }
        var pending = Enumerable.Range(0, settings.Count).Where(i => !writer.IsComplete(i)).ToList();
        var progress = new ProgressBar("samples", settings.Count, settings.Count - pending.Count);
        await Parallel.ForEachAsync(pending, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellation }, async (index, token) =>
        {
            var sample = await MakeSampleAsync(plan, settings, index, token);
            writer.Write(sample.Record, sample.Image, sample.Labels, plan.Size, sample.Region);
            progress.Advance();
        });
        writer.Finish(settings.Count, plan.Region, $"BrainAug synthetic pairs from {Stamp(tumour)} and {Stamp(brain)}, seed {settings.Seed}");
        return $"{settings.Count} samples in {output} ({pending.Count} made now, {settings.Count - pending.Count} already there); " +
               $"tumours rejected: {(_rejections.IsEmpty ? "none" : string.Join(", ", _rejections.OrderBy(r => r.Key).Select(r => $"{r.Value} {r.Key}")))}";
    }

    private async Task<Sample> MakeSampleAsync(Plan plan, AugmentSettings settings, int index, CancellationToken cancellation)
    {
        var random = SeededRandom.For(settings.Seed, (ulong)index);
        var host = plan.Hosts?.Pick(random);
        var firstTumour = (ulong)index * Attempts; // index < 2^31, so the last tumour index is below 2^37, far from 2^64
        var realTumours = settings.Tumours == TumourSources.Real;
        var masks = realTumours ? [] : await server.TumourMasksAsync(plan.Tumour, settings.Seed, firstTumour, Attempts, cancellation);
        var sourcePlane = plan.LabelChannels * plan.TumourSize * plan.TumourSize;
        var reasons = new List<string>();
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var donor = realTumours ? plan.Hosts!.PickTumour(random) : null;
            var resized = donor is not null ? LabelPlanes.Encode(donor.Label, plan.LabelChannels)
                : PairComposer.Resize(masks.AsSpan(attempt * sourcePlane, sourcePlane), plan.LabelChannels, plan.TumourSize, plan.Size);
            if (settings.Placement.LargestLesionOnly) resized = LargestLesion.Keep(resized, plan.LabelChannels, plan.Size);
            var (placed, placement) = TumourPlacement.Place(resized, plan.LabelChannels, plan.Size, host?.Brain, settings.Placement, random);
            if (TumourPlacement.Rejection(placed, plan.LabelChannels, plan.Size, host?.Brain) is { } reason)
            {
                _rejections.AddOrUpdate(reason, 1, (_, n) => n + 1);
                reasons.Add(reason);
                continue;
            }
            var record = new SampleRecord(SyntheticDatasetWriter.CaseId(index), settings.Seed, index, firstTumour + (ulong)attempt, attempt + 1,
                plan.TumourStamp, plan.BrainStamp, host?.CaseId, host?.SliceIndex, placement, "BraTS: 0 background, 1 necrotic/non-enhancing core, 2 edema, 4 enhancing",
                plan.SpacingMm, DateTimeOffset.UtcNow) { TumourCase = donor?.CaseId, TumourSlice = donor?.SliceIndex };
            return plan.Inpaints
                ? await InpaintAsync(plan, record, host!, placed, cancellation)
                : await RenderAsync(plan, record, host, placed, cancellation);
        }
        throw new InvalidOperationException($"sample {index}: all {Attempts} generated tumours were rejected ({string.Join(", ", reasons.GroupBy(r => r).Select(g => $"{g.Count()} {g.Key}"))}); " +
            "try --centre random with a smaller --scale, or a better-trained tumour generator");
    }

    /// <summary>A whole slice rendered for the tumour (and the host's outline when the generator takes one).</summary>
    private async Task<Sample> RenderAsync(Plan plan, SampleRecord record, HostSlice? host, byte[] placed, CancellationToken cancellation)
    {
        float[] outline = plan.TakesOutline ? [.. host!.Brain.Select(b => b ? 1f : -1f)] : [];
        var condition = new float[placed.Length + outline.Length];
        PairComposer.Condition(placed, outline, condition);
        var image = await GenerateBrainAsync(plan, condition, cancellation);
        for (var i = 0; i < image.Length; i++) image[i] = (image[i] + 1) / 2; // [-1, 1] -> the trainer's [0, 1]
        return new Sample(record, image, LabelComposer.ToBrats(placed, plan.LabelChannels, plan.Size, plan.Region), null);
    }

    /// <summary>The tumour painted into the host inside its region. Outside the region the pair keeps the host's stored
    /// values (the server's output there is the host too, in its [-1, 1] scale); the label is the union of the host's
    /// own tumour and the new one (the new one wins where they overlap), so no tumour in the image goes unlabelled.</summary>
    private async Task<Sample> InpaintAsync(Plan plan, SampleRecord record, HostSlice host, byte[] placed, CancellationToken cancellation)
    {
        var plane = plan.Size * plan.Size;
        var labels = new byte[placed.Length];
        var condition = new float[InpaintCondition.Channels(plan.Modalities, plan.LabelChannels) * plane];
        var region = PairComposer.Inpaint([.. host.Image.Select(v => v * 2 - 1)], LabelPlanes.Encode(host.Label, plan.LabelChannels), placed,
            plan.LabelChannels, host.Brain, plan.Size, plan.Margin, condition, labels);
        var painted = await GenerateBrainAsync(plan, condition, cancellation);
        var image = (float[])host.Image.Clone();
        for (var i = 0; i < image.Length; i++)
            if (region[i % plane]) image[i] = (painted[i] + 1) / 2;
        return new Sample(record, image, LabelComposer.ToBrats(labels, plan.LabelChannels, plan.Size, plan.Region), region);
    }

    private Task<float[]> GenerateBrainAsync(Plan plan, float[] condition, CancellationToken cancellation) =>
        server.GenerateBrainAsync(plan.Brain, condition, cancellation);

    /// <summary>One pair: image (modalities x size², [0, 1]), BraTS labels, and the painted region when inpainting.</summary>
    private sealed record Sample(SampleRecord Record, float[] Image, byte[] Labels, bool[]? Region);

    private static string Stamp(ServedModel model) => $"{model.Name}:{model.Version}";

    /// <summary>The generators' geometry and the host slices, worked out once.</summary>
    private sealed record Plan(
        ServedModel Tumour, ServedModel Brain, ModelStamp TumourStamp, ModelStamp BrainStamp, int LabelChannels, int TumourSize, int Size,
        bool TakesOutline, bool Inpaints, int Modalities, int Margin, string Region, double SpacingMm, HostSlices? Hosts)
    {
        public static Plan Create(ServedModel tumour, ServedModel brain, AugmentSettings settings)
        {
            var tumourConfig = tumour.ConfigAs<TumourConfig>();
            var brainConfig = brain.ConfigAs<BrainConfig>();
            var region = Words.Of(tumourConfig.Region);
            var labelChannels = tumourConfig.LabelChannels;
            var inpaints = brainConfig.Inpaints;
            var takesOutline = !inpaints && brain.Channels == labelChannels + 1;
            if (inpaints && (brainConfig.LabelChannels != labelChannels || brainConfig.Region != tumourConfig.Region))
                throw new InvalidOperationException($"{Stamp(tumour)} draws region {region} but {Stamp(brain)} paints region {Words.Of(brainConfig.Region)}");
            if (!inpaints && !takesOutline && brain.Channels != labelChannels)
                throw new InvalidOperationException($"{Stamp(tumour)} makes {labelChannels} label channels but {Stamp(brain)} takes {brain.Channels} condition channels");
            if (settings.Tumours == TumourSources.Real && !inpaints)
                throw new InvalidOperationException($"--tumours real paints real training tumours into real slices, which needs an inpainting brain generator; {Stamp(brain)} is not one");
            if (tumourConfig.CentredMaps && settings.Tumours == TumourSources.Generated && settings.Placement.Centre == "generated")
                throw new InvalidOperationException($"{Stamp(tumour)} learnt from centred maps (brainaug-trainer tumour --centred), so it draws every tumour " +
                                                    "in the middle of the frame: place them with --centre random (or x,y)");
            if ((takesOutline || inpaints) && settings.Data is null)
                throw new InvalidOperationException($"{Stamp(brain)} {(inpaints ? "paints tumours into real slices" : "draws inside a brain outline")}: " +
                                                    "give --data, a real dataset whose training slices supply them");
            // Inpainting hosts are the slices the generator learnt from (its modalities, region and policy); outlines keep
            // the whole tumour's slice choice they always had.
            var hostOptions = SliceOptionsFactory.Create(brainConfig.Modalities, inpaints ? region : "wt", brainConfig.Policy, brain.Size);
            var hosts = settings.Data is null ? null
                : HostSlices.Load(settings.Data, settings.Store, hostOptions, settings.SplitFile, settings.Validation, settings.Test, settings.SplitSeed, inpaints ? settings.Hosts : "all");
            if (settings.Tumours == TumourSources.Real && hosts!.TumourCount == 0)
                throw new DatasetException($"--tumours real: no training slice in {settings.Data} has a tumour to place");
            return new Plan(
                tumour, brain,
                new ModelStamp(tumour.Name, tumour.Version, tumour.Sha256), new ModelStamp(brain.Name, brain.Version, brain.Sha256),
                labelChannels, tumour.OutputSize, brain.Size, takesOutline, inpaints, brainConfig.ModalityCount, brainConfig.RegionMargin,
                region, 240.0 / brain.Size, hosts);
        }
    }
}
