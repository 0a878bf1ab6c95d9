using BrainAug.Imaging.Common;
using BrainAug.Imaging.Datasets;
using BrainAug.Report.Experiment;

namespace BrainAug.Report.Quality;

/// <summary>Real and synthetic points in two dimensions, for one scatter plot.</summary>
public sealed record Embedding(string Method, string Of, double[][] Real, double[][] Synthetic, double[]? ExplainedVarianceRatio);

/// <summary>Mean pairwise SSIM within one set of slices.</summary>
public sealed record Diversity(string Set, int Pairs, double MeanSsim, double Std);

/// <summary>Nearest real training slice of each synthetic slice, with unseen real test slices as the reference.</summary>
public sealed record Memorisation(List<Neighbour> Synthetic, List<Neighbour> RealTest)
{
    public double SyntheticMedian => Median(Synthetic);
    public double RealTestMedian => Median(RealTest);
    public double SyntheticMinimum => Synthetic.Min(n => n.Distance);
    public double RealTestMinimum => RealTest.Min(n => n.Distance);
    /// <summary>Synthetic slices closer to a training slice than the closest unseen real slice is: candidates for copies.</summary>
    public int SyntheticCloserThanAnyTest => Synthetic.Count(n => n.Distance < RealTestMinimum);

    private static double Median(List<Neighbour> neighbours) => BrainAug.Imaging.Metrics.SegmentationMetrics.Percentile([.. neighbours.Select(n => n.Distance)], 50);
}

/// <summary>Tumour patches of one set against the real training tumours in <see cref="FixedFeatures"/>' space.
/// Null where a set holds too few tumours for the measure (a tiny run).</summary>
public sealed record FixedSpaceComparison(string Set, int Tumours, int TrainTumours, KidEstimate? Kid, TwoSampleAccuracy? Classifier);

/// <param name="TumourMemorisation">For inpainted pairs: each painted tumour's nearest real training tumour (<see cref="TumourPatches"/>),
/// with unseen real test tumours as the reference; null for whole rendered slices.</param>
/// <param name="FixedSpace">Real test (the reference), synthetic and geometric tumours against the real training
/// tumours, in a feature space no run trains: the numbers that compare across runs and machines.</param>
public sealed record QualityResult(
    IReadOnlyList<Embedding> Embeddings, IReadOnlyDictionary<string, double> FrechetDistances, int FeatureSize,
    IReadOnlyList<Diversity> Diversity, Memorisation Memorisation, Memorisation? TumourMemorisation,
    IReadOnlyList<FixedSpaceComparison> FixedSpace, IReadOnlyList<BrainSlice> SyntheticSample, IReadOnlyList<BrainSlice> RealSample);

/// <summary>
/// How close the synthetic data is to the real: PCA and t-SNE of flattened brains and masks (the study's plots),
/// the Frechet distance in the real arm's Seg-DNN encoder space (comparable within the run only), the kernel distance and
/// classifier two-sample test of tumour patches in a fixed feature space (comparable across runs), SSIM diversity and
/// the memorisation check.
/// Point sets are subsampled (seeded) to <c>maxPoints</c> each, since t-SNE is quadratic.
/// </summary>
public static class QualityAnalysis
{
    public static QualityResult Run(ReportSlices slices, IReadOnlyList<InpaintedPair> inpainted, int margin, SegDnnModel encoder, int maxPoints, ulong seed, Action<string> progress)
    {
        var random = SeededRandom.For(seed, 0x0A11);
        var real = Sample(slices.RealTrain, maxPoints, random);
        var synthetic = Sample(slices.Synthetic, maxPoints, random);
        var embeddings = new List<Embedding>();
        foreach (var (of, select) in new (string, Func<BrainSlice, float[]>)[] { ("brains", Brain), ("tumour masks", Mask) })
        {
            progress($"PCA and t-SNE of {real.Count} real and {synthetic.Count} synthetic {of}");
            var rows = real.Select(select).Concat(synthetic.Select(select)).ToList();
            var pca = Pca.Fit(rows, 2, seed);
            embeddings.Add(Split("PCA", of, pca.Projections, real.Count, pca.ExplainedVarianceRatio));
            embeddings.Add(Split("t-SNE", of, Tsne.Embed(rows, seed), real.Count, null));
        }

        progress("Seg-DNN encoder features and Frechet distances");
        var features = new Dictionary<string, List<float[]>>
        {
            ["real train"] = encoder.Features([.. slices.RealTrain.Select(s => s.Image)]),
            ["real test"] = encoder.Features([.. slices.RealTest.Select(s => s.Image)]),
            ["synthetic"] = encoder.Features([.. slices.Synthetic.Select(s => s.Image)]),
            ["geometric"] = encoder.Features([.. slices.Geometric.Select(s => s.Image)]),
        };
        // The Frechet distance grows as samples shrink (the covariance estimate is noisier), so the synthetic set is
        // also measured at the real test set's size, the like-for-like comparison with the reference.
        var testSized = features["synthetic"].ToList();
        random.Shuffle(testSized);
        testSized = testSized.Take(features["real test"].Count).ToList();
        var frechet = new Dictionary<string, double>
        {
            [$"real test ({features["real test"].Count}) vs real train (reference)"] = FrechetDistance.Between(features["real test"], features["real train"]),
            [$"synthetic, {testSized.Count} drawn at random, vs real train (same size as the reference)"] = FrechetDistance.Between(testSized, features["real train"]),
            [$"synthetic ({features["synthetic"].Count}) vs real train"] = FrechetDistance.Between(features["synthetic"], features["real train"]),
            [$"geometric ({features["geometric"].Count}) vs real train"] = FrechetDistance.Between(features["geometric"], features["real train"]),
        };

        progress("SSIM diversity and nearest real neighbours");
        var diversity = new List<Diversity>
        {
            PairwiseSsim("real train", slices.RealTrain, seed), PairwiseSsim("synthetic", slices.Synthetic, seed), PairwiseSsim("geometric", slices.Geometric, seed),
        };
        var trainImages = slices.RealTrain.Select(s => s.Image).ToList();
        var memorisation = new Memorisation(
            NearestNeighbours.Find([.. slices.Synthetic.Select(s => s.Image)], trainImages),
            NearestNeighbours.Find([.. slices.RealTest.Select(s => s.Image)], trainImages));
        var tumourMemorisation = inpainted.Count == 0 ? null : TumourMemorisation(slices, inpainted, margin);
        progress($"kernel distance and two-sample test of tumour patches in {FixedFeatures.Name}");
        var fixedSpace = FixedSpace(slices, inpainted, margin, seed);
        return new QualityResult(embeddings, frechet, features["real train"][0].Length, diversity, memorisation, tumourMemorisation, fixedSpace, synthetic, real);
    }

    /// <summary>The memorisation check on the tumours alone: painted regions vs real training tumours, with real test
    /// tumours as the reference.</summary>
    public static Memorisation TumourMemorisation(ReportSlices slices, IReadOnlyList<InpaintedPair> inpainted, int margin)
    {
        var train = TumourPatches.OfRealTumours(slices.RealTrain, margin);
        return new Memorisation(
            NearestNeighbours.Find(PaintedPatches(inpainted), train),
            NearestNeighbours.Find(TumourPatches.OfRealTumours(slices.RealTest, margin), train));
    }

    /// <summary>Each set's tumour patches against the real training tumours': the kernel distance and the two-sample test.
    /// Painted tumours are taken in the region the generator painted; every other tumour as <see cref="TumourPatches"/> finds it.</summary>
    public static List<FixedSpaceComparison> FixedSpace(ReportSlices slices, IReadOnlyList<InpaintedPair> inpainted, int margin, ulong seed)
    {
        List<float[]> Features(IEnumerable<float[]> patches) => [.. patches.Select(FixedFeatures.Of)];
        var train = Features(TumourPatches.OfRealTumours(slices.RealTrain, margin));
        var synthetic = inpainted.Count > 0
            ? Features(PaintedPatches(inpainted))
            : Features(TumourPatches.OfRealTumours(slices.Synthetic, margin));
        var sets = new (string, List<float[]>)[]
        {
            ("real test (reference)", Features(TumourPatches.OfRealTumours(slices.RealTest, margin))),
            ("synthetic", synthetic),
            ("geometric", Features(TumourPatches.OfRealTumours(slices.Geometric, margin))),
        };
        return [.. sets.Select(s => new FixedSpaceComparison(s.Item1, s.Item2.Count, train.Count,
            Math.Min(s.Item2.Count, train.Count) >= KernelInceptionDistance.MinimumPerSet ? KernelInceptionDistance.Between(s.Item2, train) : null,
            Math.Min(s.Item2.Count, train.Count) >= ClassifierTwoSampleTest.MinimumPerSet ? ClassifierTwoSampleTest.Between(s.Item2, train, seed) : null))];
    }

    /// <summary>Each painted tumour as a patch of its synthetic slice, in the region the generator painted.</summary>
    private static List<float[]> PaintedPatches(IReadOnlyList<InpaintedPair> inpainted) =>
        [.. inpainted.Where(p => p.Region.Any(r => r)).Select(p => TumourPatches.Patch(p.Synthetic, p.Region))];

    private static float[] Brain(BrainSlice s) => s.Channel(0).ToArray();

    private static float[] Mask(BrainSlice s) => s.Label.Select(v => v != 0 ? 1f : 0f).ToArray();

    private static Embedding Split(string method, string of, double[][] points, int realCount, double[]? ratios) =>
        new(method, of, points[..realCount], points[realCount..], ratios);

    private static List<BrainSlice> Sample(List<BrainSlice> slices, int max, SeededRandom random) =>
        slices.Count <= max ? [.. slices] : random.Draw(slices, max);

    /// <summary>Mean SSIM over up to 300 random distinct pairs (seeded); lower means more varied.</summary>
    public static Diversity PairwiseSsim(string set, IReadOnlyList<BrainSlice> slices, ulong seed)
    {
        if (slices.Count < 2) throw new ArgumentException($"SSIM diversity of '{set}' needs two slices");
        var random = SeededRandom.For(seed, 0x55_1A);
        var pairs = Math.Min(300, slices.Count * (slices.Count - 1) / 2);
        var values = new List<double>();
        while (values.Count < pairs)
        {
            var a = random.NextInt(0, slices.Count);
            var b = random.NextInt(0, slices.Count);
            if (a == b) continue;
            values.Add(Ssim.Compute(slices[a].Channel(0), slices[b].Channel(0), slices[a].Size));
        }
        var statistic = MeanStd.Of(values);
        return new Diversity(set, values.Count, statistic.Mean, statistic.Std);
    }
}
