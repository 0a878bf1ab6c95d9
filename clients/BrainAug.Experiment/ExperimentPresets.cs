using BrainAug.Contracts.Experiment;

namespace BrainAug.Experiment;

/// <summary>The experiment's protocols by name (--preset).</summary>
public static class ExperimentPresets
{
    /// <summary>
    /// The study's protocol at CPU scale on the realistic phantom: one slice per patient (the study took z=77; here the
    /// slice with the most enhancing tumour, so that every case shows its lesion), 600 cases = 280 training (N; the
    /// study had 290), 40 validation, 280 test; the generators learn from the training cases only. Sized to resolve
    /// 0.03 Dice: the interval's half-width comes from the case-to-case spread of the difference (0.14 / sqrt(280 test
    /// cases)) and the seed-to-seed spread (0.02 / sqrt(5 seeds)); 80 test cases and 3 seeds gave 0.051 (measured).
    /// </summary>
    public static readonly ExperimentPreset Cpu = new()
    {
        Name = "cpu",
        Description = "the study's protocol at CPU scale on the realistic phantom: 600 cases, one slice per case (the most enhancing " +
                      "tumour), 280 training / 40 validation / 280 test cases, 64x64, small networks, 5 seeds; resolves about 0.03 Dice; " +
                      "22 minutes on a 2-core Zen 3, 28 on a 2-core Zen 5 that needs the SSE4.1 cap (fresh clone, set-up included)",
        Phantom = ["--cases", "600", "--depth", "12", "--difficulty", "realistic"],
        Validation = 0.067,
        Test = 0.467,
        Slices = ["--region", "et", "--policy", "max"],
        GeneratorSlices = ["--region", "et", "--policy", "max"],
        // The Tumour Generator (DCGAN) learns from every enhancing-tumour slice of the same training cases (2,840 maps):
        // on the 280 one-per-case maps it collapsed to empty or frame-wide speckle (lr 2e-4, 1e-4, 5e-5, batch 16 and
        // multi-class labels all did, measured on 1 thread), and the augmentation client could place none of its tumours.
        TumourSlices = ["--region", "et", "--policy", "tumour:20"],
        TumourOptions = CpuTumourOptions(epochs: 8),
        // The synthetic arms paint generated tumours into the real training slices (issue 16): whole rendered brains
        // trained Seg-DNN to Dice 0.07 alone (real arm 0.79) and sat at a Frechet distance 200x the real reference.
        // All four modalities are painted together, so the pairs are complete cases. Frechet distance of synthetic vs
        // real training features over the real-test reference (280 each; measured with one real-arm Seg-DNN): 10 epochs
        // 3.0, 40 epochs 1.34, 80 epochs 2.5 (the discriminator had won); lambda 20 or 10 instead of 100 no better.
        // 40 epochs on one thread run beside the Tumour Generator's training, so they cost the main job little.
        GeneratorModalities = "flair,t1,t1ce,t2",
        BrainOptions = CpuBrainOptions(epochs: 40),
        // bce+dice: with BCE alone the small enhancing target drowns in background (validation Dice 0 after 12 epochs,
        // measured); 8 epochs (lr 3e-3, 3e-4 for the last two). The real arm's seeds spread 0.10 Dice (one seed in five
        // predicted nothing for four epochs) until the head's bias started at the target's prior and the weights were
        // averaged (0.013 over 5 seeds; measured on this protocol, 1 thread per training).
        SegOptions = CpuSegOptions(epochs: 8, lateFrom: 6),
        // The Tumour Generator learns centred maps (CpuTumourOptions), so each tumour goes to a random brain pixel deep
        // enough to hold it, and only its largest lesion is painted (the generator's stray specks are not tumours).
        AugmentOptions = ["--centre", "random", "--scale", "0.8,1.2", "--rotation", "30", "--lesion", "largest"],
        StoreSizes = [64], // the Seg-DNN's --size and the trainer's small generators
        DefaultSeeds = 5,
    };

    /// <summary>
    /// The cpu protocol on BraTS's three nested regions, as BraTS is scored: all four modalities in, WT, TC and ET as
    /// three sigmoid channels out, every network on the internal classes (the tumour generator draws core, edema and
    /// enhancing; the inpainting generator paints all four modalities from them), the report a table per region. One
    /// slice per case, the one with the most tumour of any label.
    /// </summary>
    public static readonly ExperimentPreset CpuRegions = Cpu with
    {
        Name = "cpu-regions",
        Description = "the cpu protocol on BraTS's regions: all four modalities, WT, TC and ET as three sigmoid outputs, scored and " +
                      "reported per region; 600 realistic-phantom cases, 5 seeds",
        Slices = ["--region", "regions", "--policy", "max"],
        Modalities = "flair,t1,t1ce,t2",
        GeneratorSlices = ["--region", "regions", "--policy", "max"],
        TumourSlices = ["--region", "regions", "--policy", "tumour:20"],
    };

    // Centred maps with an R1 penalty: the plain DCGAN's discriminator won (loss 0.2 against 4.5) and it drew speckled
    // blobs where the real enhancing tumours are rings (share of 64 samples with a hole / in one piece: real 0.77 / 0.77,
    // plain 0.09 / 0.20, centred with R1 gamma 10 0.58 / 0.55; fold 1 of the seed-11 phantom, docs/experiment.md).
    private static string[] CpuTumourOptions(int epochs) => ["--preset", "small", "--epochs", Text(epochs), "--centred", "--r1", "10"];

    private static string[] CpuBrainOptions(int epochs) => ["--preset", "small", "--condition", "inpaint", "--epochs", Text(epochs)];

    private static string[] CpuSegOptions(int epochs, int lateFrom) =>
        ["--preset", "small", "--size", "64", "--batch", "4", "--lr", "3e-3", "--epochs", Text(epochs), "--late-from", Text(lateFrom),
         "--late-lr", "3e-4", "--loss", "bce+dice", "--head-bias", "prior", "--weight-average", "0.99"];

    private static string Text(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The cpu protocol's training cases: 600 x (1 - 0.067 - 0.467).</summary>
    private const int CpuTrainingCases = 280;

    private static readonly string[] CurveArms = [ExperimentArms.Real, ExperimentArms.Geometric, ExperimentArms.Synthetic, ExperimentArms.Both];

    /// <summary>
    /// The cpu protocol's learning curve: 35, 70, 140 and 280 real training cases (nested), with and without the
    /// synthetic pairs and geometric copies (synthetic-only left out), 3 seeds. Every point trains each network for
    /// the same number of steps as the cpu protocol (epochs x 280 / cases), so a smaller point sees fewer cases more
    /// often rather than training less: the curve measures the data, not the training budget. Each point costs about
    /// as much as the 280-case one.
    /// </summary>
    public static readonly ExperimentPreset CpuCurve = Cpu with
    {
        Name = "cpu-curve",
        Description = "a learning curve on the cpu protocol (not part of the main job): 35, 70, 140 and 280 real training cases, each " +
                      "with and without synthetic pairs and geometric copies, the same training steps at every point, 3 seeds; " +
                      "Dice against cases per arm and the exchange rate (how many real cases the synthetic pairs are worth)",
        Arms = CurveArms,
        DefaultSeeds = 3,
        CurveCases = [35, 70, 140, 280],
        CurvePoint = CpuCurvePoint,
    };

    private static ExperimentPreset CpuCurvePoint(int cases)
    {
        var scale = (double)CpuTrainingCases / cases;
        int Scaled(int epochs) => (int)Math.Round(epochs * scale);
        return Cpu with
        {
            Name = "cpu-curve", Arms = CurveArms, DefaultSeeds = 3, TrainingCases = cases,
            TumourOptions = CpuTumourOptions(Scaled(8)), BrainOptions = CpuBrainOptions(Scaled(40)), SegOptions = CpuSegOptions(Scaled(8), Scaled(6)),
        };
    }

    /// <summary>
    /// The cpu protocol as a 3-fold cross-validation over its 600 cases, so that the verdict covers which cases were
    /// drawn for training and the generators' own training, not only the test cases and Seg-DNN seeds: each fold tests
    /// its 200 cases and trains everything (both generators and one Seg-DNN per arm) on 280 of the other 400 (40 more
    /// validate), the arms paired within the fold; every case is tested once. One seed per fold keeps the cost near
    /// the cpu protocol's (3 x 2 generators and 18 Seg-DNNs instead of 2 and 25). The geometric arm trains two: both
    /// head-to-head contrasts are measured against it, so its seed-to-seed spread enters both (one geometric network per
    /// fold scored 0.807 against 0.850 for the next seed on the seed-11 phantom, more than the effect), and its second
    /// seed narrows them at about a fifth of the cost of a second seed in every arm (docs/experiment.md).
    /// </summary>
    public static readonly ExperimentPreset CpuFolds = Cpu with
    {
        Name = "cpu-folds",
        Description = "the cpu protocol as a 3-fold cross-validation: each fold tests 200 of the 600 cases and trains both generators and " +
                      "one Seg-DNN per arm (two for geometric, the arm the head-to-head contrasts are measured against) on 280 of the " +
                      "others, so the intervals also cover the draw of training cases and the generators' training; about the cpu " +
                      "protocol's cost",
        Folds = 3,
        Validation = 0.1,
        TrainingCases = CpuTrainingCases,
        DefaultSeeds = 1,
        ComparatorSeeds = 2,
    };

    /// <summary>The first protocol, kept for comparison: the easy phantom's 30 cases (64-slice slabs), every slice
    /// with a large enhancing tumour; a small U-Net saturates on it (Dice 0.98).</summary>
    public static readonly ExperimentPreset CpuEasy = new()
    {
        Name = "cpu-easy",
        Description = "the first protocol on the easy phantom (30 cases, every large-tumour slice), where every arm saturates; kept for comparison",
        Phantom = ["--cases", "30", "--depth", "64", "--difficulty", "easy"], // a 64-slice slab holds the tumour slices and loads 2.4x faster
        Slices = ["--region", "et", "--policy", "tumour:900"],
        // The generators learn from every tumour slice of the training cases (about 800): on the 271 large-tumour
        // slices alone the DCGAN's discriminator wins within 3 epochs and the generator draws noise.
        GeneratorSlices = ["--region", "et", "--policy", "tumour:20"],
        TumourSlices = ["--region", "et", "--policy", "tumour:20"],
        TumourOptions = ["--preset", "small"],
        BrainOptions = ["--preset", "small"],
        // Batch 4 at lr 3e-3: batch 8 at 1e-3 left one seed in three near Dice 0 after 4 epochs (measured).
        SegOptions = ["--preset", "small", "--size", "64", "--batch", "4", "--lr", "3e-3", "--epochs", "4", "--late-from", "3"],
        AugmentOptions = ["--centre", "random", "--scale", "0.8,1.2", "--rotation", "30"],
        StoreSizes = [64],
        DefaultSeeds = 3,
    };

    public static readonly ExperimentPreset Paper = new()
    {
        Name = "paper",
        Description = "the study's protocol (T1ce, enhancing tumour, slice z=77 per case, 240x240, base-64 U-Net); a GPU job, best with " +
                      "--data pointing at MSD Task01 or BraTS",
        Phantom = ["--cases", "100", "--difficulty", "easy"],
        Slices = ["--region", "et", "--policy", "z77"],
        GeneratorSlices = ["--region", "et", "--policy", "z77"],
        TumourSlices = ["--region", "et", "--policy", "z77"],
        TumourOptions = ["--preset", "paper"],
        BrainOptions = ["--preset", "paper"],
        SegOptions = ["--preset", "paper"],
        AugmentOptions = ["--centre", "random", "--scale", "0.8,1.2", "--rotation", "30"],
        StoreSizes = [128, 240], // the paper tumour generator's and the paper U-Net's and brain generator's
        DefaultSeeds = 3,
    };

    public static readonly ExperimentPreset Tiny = new()
    {
        Name = "tiny",
        Description = "a few cases and tiny networks, for the test suite (seconds, numbers mean nothing)",
        Phantom = ["--cases", "6", "--depth", "12", "--difficulty", "easy"],
        Slices = ["--region", "et", "--policy", "tumour"],
        GeneratorSlices = ["--region", "et", "--policy", "tumour"],
        TumourSlices = ["--region", "et", "--policy", "tumour"],
        // The trainer's tiny networks (the test suite's fixtures train the same).
        TumourOptions = ["--preset", "tiny"],
        GeneratorModalities = "t1ce,flair",
        BrainOptions = ["--preset", "tiny", "--condition", "inpaint"],
        SegOptions = ["--preset", "tiny"],
        // One epoch of the tumour generator draws half-frame blobs: shrink them so they fit in the brain.
        AugmentOptions = ["--centre", "random", "--scale", "0.2,0.3"],
        StoreSizes = [16, 32], // the trainer's tiny tumour generator, and its tiny U-Net and brain generator
        DefaultSeeds = 1,
    };

    /// <summary>The tiny protocol on the regions, for the test suite: four modalities, WT, TC and ET.</summary>
    public static readonly ExperimentPreset TinyRegions = Tiny with
    {
        Name = "tiny-regions",
        Description = "tiny on BraTS's regions (four modalities, WT, TC, ET), for the test suite",
        Slices = ["--region", "regions", "--policy", "tumour"],
        Modalities = "flair,t1,t1ce,t2",
        GeneratorModalities = "flair,t1,t1ce,t2",
        GeneratorSlices = ["--region", "regions", "--policy", "tumour"],
        TumourSlices = ["--region", "regions", "--policy", "tumour"],
    };

    /// <summary>The learning curve of the tiny protocol, for the test suite: 2 and 4 real training cases.</summary>
    public static readonly ExperimentPreset TinyCurve = Tiny with
    {
        Name = "tiny-curve",
        Description = "the learning curve of tiny (2 and 4 real training cases), for the test suite",
        Phantom = ["--cases", "8", "--depth", "12", "--difficulty", "easy"],
        Arms = CurveArms,
        CurveCases = [2, 4],
        CurvePoint = cases => Tiny with { Name = "tiny-curve", Arms = CurveArms, TrainingCases = cases },
    };

    /// <summary>The tiny protocol as 3 folds, for the test suite: 2 test cases per fold, 3 training and 1 validation.</summary>
    public static readonly ExperimentPreset TinyFolds = Tiny with
    {
        Name = "tiny-folds",
        Description = "tiny as a 3-fold cross-validation (two geometric seeds, as cpu-folds), for the test suite",
        Folds = 3,
        Validation = 0.25,
        ComparatorSeeds = 2,
    };

    public static readonly IReadOnlyList<ExperimentPreset> All = [Cpu, CpuRegions, CpuEasy, Paper, CpuCurve, CpuFolds, Tiny, TinyRegions, TinyCurve, TinyFolds];

    public static ExperimentPreset Find(string name) => All.FirstOrDefault(p => p.Name == name)
        ?? throw new ArgumentException($"unknown preset '{name}': expected {string.Join(", ", All.Select(p => p.Name))}");
}
