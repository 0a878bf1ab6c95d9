using System.Globalization;
using BrainAug.Clients.Commands;
using BrainAug.Contracts.Experiment;
using BrainAug.Contracts.Training;
using BrainAug.Trainer.Commands;

namespace BrainAug.Experiment.Tests;

/// <summary>
/// Every preset's stage command lines, exactly as the experiment runs them, parsed by the trainer's and the client's own
/// parsers and bound to the configs they would train with: a mistyped option or value fails here, not half-way through
/// a main job. The configs are then checked for what the experiment's design needs.
/// </summary>
public class ExperimentPresetTests
{
    public static TheoryData<string> Presets => [.. ExperimentPresets.All.Select(p => p.Name)];

    [Theory]
    [MemberData(nameof(Presets))]
    public void EveryTrainingOfThePreset_ParsesAndBindsWithTheTrainersParser(string name)
    {
        var (commands, preset) = Commands(name);

        var brain = Assert.IsType<BrainConfig>(TrainerCommandLine.Config(commands.Training("brain", ExperimentLayout.BrainTraining, resume: false, commands.Brain)));
        var tumour = Assert.IsType<TumourConfig>(TrainerCommandLine.Config(commands.Training("tumour", ExperimentLayout.TumourTraining, resume: false, commands.Tumour)));
        var arms = ExperimentArms.All.ToDictionary(arm => arm, arm => Assert.IsType<SegConfig>(
            TrainerCommandLine.Config(commands.Training("seg", ExperimentArms.ModelName(arm, 2), resume: true, commands.SegArm(arm, 2)))));

        Assert.Equal(preset.GeneratorModalities ?? preset.Modalities, brain.Modalities);
        TrainingConfig[] all = [brain, tumour, .. arms.Values];
        Assert.All(all, config =>
        {
            Assert.Equal(1, config.Threads); // one thread per training: the same bits whatever the core count
            Assert.EndsWith("split.json", config.SplitFile);
        });
        // Every arm cuts the same real slices, so they differ only in what is added to them.
        var real = arms[ExperimentArms.Real];
        Assert.Equal(2ul, real.Seed);
        Assert.All(arms.Values, seg => Assert.Equal((real.Region, real.Policy, real.Size, real.Modalities, real.Epochs, real.Seed),
            (seg.Region, seg.Policy, seg.Size, seg.Modalities, seg.Epochs, seg.Seed)));
        Assert.Equal((Augmentation.None, null, false), (real.Augment, real.Synthetic, real.SyntheticOnly));
        Assert.Equal((Augmentation.Copies, null), (arms[ExperimentArms.Geometric].Augment, arms[ExperimentArms.Geometric].Synthetic));
        Assert.Equal((Augmentation.Copies, false), (arms[ExperimentArms.Both].Augment, arms[ExperimentArms.Both].SyntheticOnly));
        Assert.True(arms[ExperimentArms.SyntheticOnly].SyntheticOnly);
        Assert.All(new[] { ExperimentArms.Synthetic, ExperimentArms.SyntheticOnly, ExperimentArms.Both }, arm => Assert.NotNull(arms[arm].Synthetic));
        // The tumour generator draws the labels the Seg-DNN learns and the brain generator paints.
        Assert.Equal(real.InternalLabels, tumour.InternalLabels);
        Assert.Equal(tumour.LabelChannels, brain.LabelChannels);
    }

    [Theory]
    [MemberData(nameof(Presets))]
    public void TheSliceStore_HoldsWhatEveryTrainingReads(string name)
    {
        var (commands, _) = Commands(name);
        var prepare = TrainerCommandLine.Create(commands.Prepare).Parse(commands.Prepare);
        Assert.Empty(prepare.Errors);
        string[] Values(string option) => [.. commands.Prepare.Select((word, i) => (word, i)).Where(w => w.word == option).Select(w => commands.Prepare[w.i + 1])];

        TrainingConfig[] trainings =
        [
            TrainerCommandLine.Config(commands.Training("brain", ExperimentLayout.BrainTraining, resume: false, commands.Brain)),
            TrainerCommandLine.Config(commands.Training("tumour", ExperimentLayout.TumourTraining, resume: false, commands.Tumour)),
            .. ExperimentArms.All.Select(arm => TrainerCommandLine.Config(commands.Training("seg", ExperimentArms.ModelName(arm, 1), resume: false, commands.SegArm(arm, 1)))),
        ];

        var modalities = Values("--modalities").Single().Split(',');
        Assert.All(trainings, config =>
        {
            Assert.EndsWith("store", config.Store);
            Assert.Contains(config.Size.ToString(System.Globalization.CultureInfo.InvariantCulture), Values("--size"));
            Assert.Contains(config.Policy, Values("--policy"));
            Assert.Contains("t1ce", modalities);
            Assert.All((config as SegConfig)?.Modalities.Split(',') ?? (config as BrainConfig)?.Modalities.Split(',') ?? [], m => Assert.Contains(m, modalities));
        });
    }

    [Theory]
    [MemberData(nameof(Presets))]
    public void ThePhantomAugmentationAndEvaluation_ParseWithTheirToolsParsers(string name)
    {
        var (commands, preset) = Commands(name);

        Assert.Empty(TrainerCommandLine.Create(commands.Phantom).Parse(commands.Phantom).Errors);
        var augment = ClientCommandLine.AugmentSettings(commands.Augment("http://127.0.0.1:1", 12));
        Assert.Equal((12, 1ul), (augment.Count, augment.Seed));
        Assert.EndsWith("split.json", augment.SplitFile);
        var evaluate = commands.Evaluate("http://127.0.0.1:1", [ExperimentArms.ModelName(ExperimentArms.Real, 1)]);
        Assert.Empty(ClientCommandLine.Create().Parse(evaluate).Errors);
        Assert.True(preset.DefaultSeeds >= 1);
    }

    /// <summary>
    /// A tumour generator trained on centred maps draws every tumour in the middle of the frame, so the augmentation
    /// must place it (the client refuses --centre generated for such a model, but only after the generator has
    /// trained): a preset that pairs them would fail half-way through a main job.
    /// </summary>
    [Theory]
    [MemberData(nameof(Presets))]
    public void ACentredTumourGenerator_IsPlacedByTheAugmentation(string name)
    {
        var (commands, _) = Commands(name);
        var tumour = Assert.IsType<TumourConfig>(TrainerCommandLine.Config(commands.Training("tumour", ExperimentLayout.TumourTraining, resume: false, commands.Tumour)));
        var augment = ClientCommandLine.AugmentSettings(commands.Augment("http://127.0.0.1:1", 12));

        if (tumour.CentredMaps)
            Assert.NotEqual("generated", augment.Placement.Centre);
    }

    /// <summary>The cpu protocol's tumour generator learns shapes, not places: centred maps, an R1 penalty, and the
    /// augmentation paints each tumour's largest lesion at a random brain pixel (docs/experiment.md, issue 30).</summary>
    [Fact]
    public void TheCpuTumourGenerator_LearnsCentredMapsWithR1_AndIsPlacedAtRandom()
    {
        var (commands, _) = Commands("cpu-folds");
        var tumour = Assert.IsType<TumourConfig>(TrainerCommandLine.Config(commands.Training("tumour", ExperimentLayout.TumourTraining, resume: false, commands.Tumour)));
        var augment = ClientCommandLine.AugmentSettings(commands.Augment("http://127.0.0.1:1", 280));

        Assert.Equal((true, 10.0), (tumour.CentredMaps, tumour.R1Gamma));
        Assert.Equal(("random", true), (augment.Placement.Centre, augment.Placement.LargestLesionOnly));
    }

    [Fact]
    public void OnlyTheFoldPresetsTrainMoreGeometricSeeds_TinyFoldsAsTheMainJob()
    {
        Assert.Equal(ExperimentPresets.CpuFolds.ComparatorSeeds, ExperimentPresets.TinyFolds.ComparatorSeeds); // the suite's folds tests run the main job's design
        Assert.All(ExperimentPresets.All.Where(p => p.Folds == 0), p => Assert.Equal(1, p.ComparatorSeeds));
    }

    [Fact]
    public void AMistypedPresetOption_IsCaughtByTheParser()
    {
        var (commands, _) = Commands("tiny");
        var broken = commands.Training("seg", "seg-real-s1", resume: false, [.. commands.SegArm(ExperimentArms.Real, 1), "--epoch", "3"]);
        Assert.Contains("--epoch", Assert.Throws<ArgumentException>(() => TrainerCommandLine.Config(broken)).Message);
        var badValue = commands.Training("seg", "seg-real-s1", resume: false, [.. commands.SegArm(ExperimentArms.Real, 1), "--loss", "dice"]);
        Assert.Throws<ArgumentException>(() => TrainerCommandLine.Config(badValue));
        // The client checks values its parser cannot, before any work: a scale range upside down.
        Assert.Throws<FormatException>(() => ClientCommandLine.AugmentSettings(["augment", "--count", "3", "--out", "o", "--scale", "1.2,0.8"]));
    }

    /// <summary>
    /// cpu-folds is the cpu protocol with another split: the same data, slices, arms and trainings (so its folds
    /// answer the main job's question), 3 folds of one seed, 280 training cases per fold.
    /// </summary>
    [Fact]
    public void CpuFolds_IsTheCpuProtocol_SplitIntoThreeFolds()
    {
        var (cpu, folds) = (ExperimentPresets.Cpu, ExperimentPresets.CpuFolds);
        Assert.Equal((3, 1, 2, 280, (int?)null), (folds.Folds, folds.DefaultSeeds, folds.ComparatorSeeds, folds.TrainingCases, folds.Fold));
        Assert.Equal(cpu with { Name = folds.Name, Description = folds.Description, Folds = 3, Validation = folds.Validation, TrainingCases = 280, DefaultSeeds = 1, ComparatorSeeds = 2 }, folds);
        Assert.Equal(cpu.Arms, folds.Arms);
    }

    /// <summary>
    /// cpu-curve's points: each trains every network for the cpu protocol's number of steps (epochs x cases constant,
    /// the late learning rate from the same fraction of the training), keeps the curve's arms and seeds, and parses.
    /// </summary>
    [Fact]
    public void EveryCurvePoint_TrainsTheCpuProtocolsSteps_OnItsCases()
    {
        var curve = ExperimentPresets.CpuCurve;
        Assert.Equal([35, 70, 140, 280], curve.CurveCases);
        Assert.DoesNotContain(ExperimentArms.SyntheticOnly, curve.Arms);
        foreach (var cases in curve.CurveCases)
        {
            var point = curve.CurvePoint!(cases);
            Assert.Equal((cases, curve.Arms, curve.DefaultSeeds), (point.TrainingCases, point.Arms, point.DefaultSeeds));
            var commands = new StageCommands(new ExperimentOptions(point, null, Path.Combine(Path.GetTempPath(), "brainaug-curve-test"), 3, null, 1, "test"));
            var seg = Assert.IsType<SegConfig>(TrainerCommandLine.Config(commands.Training("seg", "seg-real-s1", resume: false, commands.SegArm(ExperimentArms.Real, 1))));
            var brain = Assert.IsType<BrainConfig>(TrainerCommandLine.Config(commands.Training("brain", ExperimentLayout.BrainTraining, resume: false, commands.Brain)));
            var tumour = Assert.IsType<TumourConfig>(TrainerCommandLine.Config(commands.Training("tumour", ExperimentLayout.TumourTraining, resume: false, commands.Tumour)));
            Assert.Equal((8 * 280, 6 * 280, 40 * 280, 8 * 280), (seg.Epochs * cases, seg.LateFromEpoch * cases, brain.Epochs * cases, tumour.Epochs * cases));
        }
    }

    [Fact]
    public void TheGeneratorSeed_SeedsBothGeneratorsAndTheAugmentation_AndNoSegDnn()
    {
        var options = new ExperimentOptions(ExperimentPresets.Cpu, Data: null, Run: Path.Combine(Path.GetTempPath(), "brainaug-preset-test"), Seeds: 5,
            Count: null, Jobs: 1, CommandLine: "test", GeneratorSeed: 7);
        var commands = new StageCommands(options);
        string SeedOf(string[] arguments) => arguments[Array.LastIndexOf(arguments, "--seed") + 1];

        Assert.Equal(("7", "7", "7"), (SeedOf(commands.Brain), SeedOf(commands.Tumour), SeedOf(commands.Augment("http://127.0.0.1:1", 280))));
        Assert.Equal("2", SeedOf(commands.SegArm(ExperimentArms.Both, 2)));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TransformSynthetic_ReachesExactlyTheArmsThatTrainOnSyntheticPairs(bool asked)
    {
        var options = new ExperimentOptions(ExperimentPresets.Cpu, null, Path.Combine(Path.GetTempPath(), "brainaug-preset-test"), 1, null, 1, "test",
            TransformSynthetic: asked);
        var commands = new StageCommands(options);

        var transformed = ExperimentArms.All.Where(arm => Assert.IsType<SegConfig>(TrainerCommandLine.Config(
            commands.Training("seg", ExperimentArms.ModelName(arm, 1), resume: false, commands.SegArm(arm, 1)))).TransformSynthetic);

        Assert.Equal(asked ? [ExperimentArms.Both, ExperimentArms.Synthetic, ExperimentArms.SyntheticOnly] : [], transformed.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(1, 280)]
    [InlineData(4, 1120)]
    public void SyntheticPerReal_MultipliesThePairsOnly_NotTheGeometricCopies(int perReal, int pairs)
    {
        var options = new ExperimentOptions(ExperimentPresets.Cpu, null, Path.Combine(Path.GetTempPath(), "brainaug-preset-test"), 1, null, 1, "test",
            SyntheticPerReal: perReal);
        var commands = new StageCommands(options);

        var augment = commands.Augment("127.0.0.1:1", n: 280);
        Assert.Equal(pairs.ToString(CultureInfo.InvariantCulture), augment[Array.IndexOf(augment, "--count") + 1]);
        // The geometric copies stay at the trainer's default (as many as the real training images) in both arms that have them.
        foreach (var arm in new[] { ExperimentArms.Geometric, ExperimentArms.Both })
            Assert.DoesNotContain("--augment-copies", commands.SegArm(arm, 1));
    }

    [Theory]
    [InlineData("generated", false)]
    [InlineData("real", true)]
    public void Tumours_ReachTheAugmentation_AndAreAResultOptionOnlyWhenReal(string tumours, bool isResultArgument)
    {
        var options = new ExperimentOptions(ExperimentPresets.Cpu, null, Path.Combine(Path.GetTempPath(), "brainaug-preset-test"), 1, null, 1, "test",
            Tumours: tumours);

        var augment = new StageCommands(options).Augment("127.0.0.1:1", n: 280);

        Assert.Equal(tumours, augment[Array.IndexOf(augment, "--tumours") + 1]);
        // Only when given, so that the options.txt of runs made before --tumours existed still match a rerun.
        Assert.Equal(isResultArgument, options.ResultArguments().Any(a => a.SequenceEqual(["--tumours", "real"])));
    }

    private static (StageCommands Commands, ExperimentPreset Preset) Commands(string name)
    {
        var preset = ExperimentPresets.Find(name);
        var options = new ExperimentOptions(preset, Data: null, Run: Path.Combine(Path.GetTempPath(), "brainaug-preset-test"), Seeds: preset.DefaultSeeds,
            Count: null, Jobs: 1, CommandLine: "test");
        return (new StageCommands(options), preset);
    }
}
