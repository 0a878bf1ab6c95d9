using BrainAug.Contracts.Training;
using BrainAug.Trainer.Training;
using TorchSharp;

namespace BrainAug.Trainer.Tests.Training;

/// <summary>Whole training runs on the tiny phantom: outputs, seeded determinism, exact resume, no leaks.</summary>
[Trait("Category", "Slow")]
[Collection(PhantomCollection.Name)]
public class TrainingRunTests(PhantomFixture phantom)
{
    private SegConfig Seg(string output, int epochs) => new()
    {
        Data = phantom.Dataset, Out = output, Size = 32, BaseWidth = 4, Depth = 2, BatchSize = 4, Epochs = epochs,
        LearningRate = 1e-3, LateLearningRate = 1e-4, LateFromEpoch = 1, Patience = 0, Policy = "tumour", Region = TargetRegion.Wt,
        Validation = 0.2, Test = 0.2, Device = "cpu",
    };

    private TumourConfig Tumour(string output, int epochs) => new()
    {
        Data = phantom.Dataset, Out = output, Size = 16, NoiseSize = 8, GeneratorWidth = 4, DiscriminatorWidth = 4,
        BatchSize = 8, Epochs = epochs, Policy = "tumour", Region = TargetRegion.Multiclass, Validation = 0.2, Test = 0.2, Device = "cpu",
    };

    private BrainConfig Brain(string output, int epochs) => new()
    {
        Data = phantom.Dataset, Out = output, Size = 32, Downs = 3, GeneratorWidth = 4, DiscriminatorWidth = 4, DiscriminatorLayers = 2,
        BatchSize = 8, Epochs = epochs, Policy = "tumour", Condition = BrainCondition.LabelOutline, Validation = 0.2, Test = 0.2, Device = "cpu",
    };

    [Fact]
    public void Seg_RunFolderHoldsConfigLossesPlotWeightsCheckpoint()
    {
        var output = phantom.NewRunFolder();

        var result = new SegTraining(Seg(output, 2) with { Command = "brainaug-trainer seg --test-marker" }, resume: false).Run();

        Assert.Equal(2, result.EpochsRun);
        foreach (var file in new[] { "config.json", "steps.csv", "epochs.csv", "loss.png", "best.weights", "final.weights", "checkpoint.bin" })
            Assert.True(File.Exists(Path.Combine(output, file)), file);
        Assert.Contains("--test-marker", File.ReadAllText(Path.Combine(output, "config.json")));
        Assert.Equal(3, File.ReadAllLines(Path.Combine(output, "epochs.csv")).Length);
    }

    [Fact]
    public void Seg_SameSeed_SameLosses()
    {
        var first = phantom.NewRunFolder();
        var second = phantom.NewRunFolder();

        new SegTraining(Seg(first, 1), resume: false).Run();
        new SegTraining(Seg(second, 1), resume: false).Run();

        Assert.Equal(File.ReadAllText(Path.Combine(first, "steps.csv")), File.ReadAllText(Path.Combine(second, "steps.csv")));
    }

    [Fact]
    public void Seg_ResumeAfterStop_SameWeightsAsUninterrupted()
    {
        var uninterrupted = phantom.NewRunFolder();
        var interrupted = phantom.NewRunFolder();
        new SegTraining(Seg(uninterrupted, 3), resume: false).Run();

        new SegTraining(Seg(interrupted, 1), resume: false).Run(); // stops after epoch 1, as a kill after its checkpoint
        AppendStaleRow(interrupted); // a killed run may have logged steps of the epoch it did not finish
        new SegTraining(Seg(interrupted, 3), resume: true).Run();

        AssertSameFile(uninterrupted, interrupted, "final.weights");
        AssertSameFile(uninterrupted, interrupted, "steps.csv");
        AssertSameFile(uninterrupted, interrupted, "epochs.csv");
    }

    [Fact]
    public void SegBf16_ResumeAfterStop_SameWeightsAsUninterrupted()
    {
        var uninterrupted = phantom.NewRunFolder();
        var interrupted = phantom.NewRunFolder();
        SegConfig Small(string output, int epochs) => Seg(output, epochs) with { Precision = Precision.Bf16, Size = 16, BaseWidth = 2 };
        new SegTraining(Small(uninterrupted, 2), resume: false).Run();

        new SegTraining(Small(interrupted, 1), resume: false).Run();
        new SegTraining(Small(interrupted, 2), resume: true).Run();

        AssertSameFile(uninterrupted, interrupted, "final.weights");
        AssertSameFile(uninterrupted, interrupted, "steps.csv");
    }

    [Fact]
    public void SegBf16_SameSeed_SameLosses()
    {
        var first = phantom.NewRunFolder();
        var second = phantom.NewRunFolder();
        SegConfig Small(string output) => Seg(output, 1) with { Precision = Precision.Bf16, Size = 16, BaseWidth = 2 };

        new SegTraining(Small(first), resume: false).Run();
        new SegTraining(Small(second), resume: false).Run();

        AssertSameFile(first, second, "steps.csv");
        AssertSameFile(first, second, "final.weights");
    }

    [Fact]
    public void SegAuto_WithoutNativeBf16_TrainsExactlyAsFp32_AndSaysWhy()
    {
        var auto = phantom.NewRunFolder();
        var fp32 = phantom.NewRunFolder();

        new SegTraining(Seg(auto, 1) with { Precision = Precision.Auto }, resume: false, new CpuProbe(NativeBf16: false, OneDnnCap: null)).Run();
        new SegTraining(Seg(fp32, 1) with { Precision = Precision.Fp32 }, resume: false).Run();

        AssertSameFile(auto, fp32, "final.weights");
        AssertSameFile(auto, fp32, "steps.csv");
        var summary = File.ReadAllText(Path.Combine(auto, RunSummary.FileName));
        Assert.Contains("\"precision\": \"fp32\"", summary);
        Assert.Contains("no native bf16", summary);
        Assert.Contains("\"precision\": \"auto\"", File.ReadAllText(Path.Combine(auto, "config.json")));
    }

    [Fact]
    public void SegAuto_WithNativeBf16_TrainsInBf16()
    {
        var auto = phantom.NewRunFolder();
        var bf16 = phantom.NewRunFolder();
        SegConfig Small(string output, Precision precision) => Seg(output, 1) with { Precision = precision, Size = 16, BaseWidth = 2 };

        new SegTraining(Small(auto, Precision.Auto), resume: false, new CpuProbe(NativeBf16: true, OneDnnCap: null)).Run();
        new SegTraining(Small(bf16, Precision.Bf16), resume: false).Run();

        AssertSameFile(auto, bf16, "steps.csv");
        Assert.Contains("\"precision\": \"bf16\"", File.ReadAllText(Path.Combine(auto, RunSummary.FileName)));
    }

    [Fact]
    public void SegWeightAverage_ResumeAfterStop_SameAverageAsUninterrupted_AndTheAverageIsSaved()
    {
        var uninterrupted = phantom.NewRunFolder();
        var interrupted = phantom.NewRunFolder();
        var plain = phantom.NewRunFolder();
        SegConfig Averaged(string output, int epochs) => Seg(output, epochs) with { WeightAverageDecay = 0.9 };
        new SegTraining(Averaged(uninterrupted, 2), resume: false).Run();
        new SegTraining(Seg(plain, 2), resume: false).Run();

        new SegTraining(Averaged(interrupted, 1), resume: false).Run();
        new SegTraining(Averaged(interrupted, 2), resume: true).Run();

        AssertSameFile(uninterrupted, interrupted, "final.weights");
        AssertSameFile(uninterrupted, interrupted, "epochs.csv");
        // The same steps ran (same losses), but what is saved is the average, not the last weights.
        AssertSameFile(uninterrupted, plain, "steps.csv");
        Assert.False(File.ReadAllBytes(Path.Combine(uninterrupted, "final.weights")).SequenceEqual(File.ReadAllBytes(Path.Combine(plain, "final.weights"))));
    }

    [Fact]
    public void Tumour_ResumeAfterStop_SameWeightsAndSampleGrids()
    {
        var uninterrupted = phantom.NewRunFolder();
        var interrupted = phantom.NewRunFolder();
        new TumourTraining(Tumour(uninterrupted, 2), resume: false).Run();

        new TumourTraining(Tumour(interrupted, 1), resume: false).Run();
        new TumourTraining(Tumour(interrupted, 2), resume: true).Run();

        AssertSameFile(uninterrupted, interrupted, "generator.weights");
        AssertSameFile(uninterrupted, interrupted, "samples_epoch002.png");
    }

    [Fact]
    public void Brain_ResumeAfterStop_SameWeights()
    {
        var uninterrupted = phantom.NewRunFolder();
        var interrupted = phantom.NewRunFolder();
        new BrainTraining(Brain(uninterrupted, 2), resume: false).Run();

        new BrainTraining(Brain(interrupted, 1), resume: false).Run();
        new BrainTraining(Brain(interrupted, 2), resume: true).Run();

        AssertSameFile(uninterrupted, interrupted, "generator.weights");
        Assert.True(File.Exists(Path.Combine(interrupted, "samples_epoch002.png")));
    }

    [Fact]
    public void Resume_WithOtherSettings_RefusedNamingThem()
    {
        var output = phantom.NewRunFolder();
        new SegTraining(Seg(output, 1), resume: false).Run();

        var error = Assert.Throws<IOException>(() => new SegTraining(Seg(output, 2) with { LearningRate = 0.5 }, resume: true).Run());

        Assert.Contains("learning_rate", error.Message);
    }

    [Fact]
    public void Run_ExistingFolderWithoutResume_Refused()
    {
        var output = phantom.NewRunFolder();
        new SegTraining(Seg(output, 1), resume: false).Run();

        var error = Assert.Throws<IOException>(() => new SegTraining(Seg(output, 1), resume: false).Run());

        Assert.Contains("--resume", error.Message);
    }

    [Fact]
    public void Training_LiveTensorsDoNotGrowWithSteps()
    {
        // A run may leave a fixed handful of tensors behind at teardown; what must not happen is growth
        // with the number of steps, so a 1-epoch and a 3-epoch run must leave the same count.
        long LeftBy(Action run)
        {
            var before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
            run();
            return DisposeScopeManager.Statistics.ThreadTotalLiveCount - before;
        }

        foreach (var (name, train) in new (string, Action<int>)[]
        {
            ("seg", epochs => new SegTraining(Seg(phantom.NewRunFolder(), epochs), resume: false).Run()),
            ("tumour", epochs => new TumourTraining(Tumour(phantom.NewRunFolder(), epochs), resume: false).Run()),
            ("brain", epochs => new BrainTraining(Brain(phantom.NewRunFolder(), epochs), resume: false).Run()),
        })
        {
            train(1); // warm-up: lazily created globals
            var shortRun = LeftBy(() => train(1));
            var longRun = LeftBy(() => train(3));
            Assert.True(shortRun == longRun, $"{name}: {shortRun} tensors left after 1 epoch, {longRun} after 3");
        }
    }

    private static void AppendStaleRow(string run) =>
        File.AppendAllText(Path.Combine(run, "steps.csv"), "1,999,123\n");

    private static void AssertSameFile(string first, string second, string name) =>
        Assert.True(File.ReadAllBytes(Path.Combine(first, name)).SequenceEqual(File.ReadAllBytes(Path.Combine(second, name))), $"{name} differs after resume");
}
