using BrainAug.TestSupport;

namespace BrainAug.Trainer.Tests.Cli;

public class TrainerCliTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Help_ExplainsCommandsAndOptions()
    {
        var (exitCode, stdout, _) = Tools.Run(Tools.Trainer, "phantom", "--help");

        Assert.Equal(0, exitCode);
        Assert.Contains("--cases", stdout);
        Assert.Contains("--seed", stdout);
        Assert.Contains("PHANTOM", stdout);
    }

    [Fact]
    public void Phantom_WritesCasesManifestAndMontage()
    {
        var output = _temp.File("phantom");

        var (exitCode, stdout, stderr) = Tools.Run(Tools.Trainer, "phantom", "--out", output, "--cases", "2", "--depth", "12", "--montage-rows", "2", "--montage-size", "64");

        Assert.True(exitCode == 0, stderr);
        Assert.Contains("[  2/2] PHANTOM_002", stdout);
        Assert.True(File.Exists(Path.Combine(output, "PHANTOM_002", "PHANTOM_002_seg.nii.gz")));
        Assert.Contains($"phantom --out {output} --cases 2", File.ReadAllText(Path.Combine(output, "phantom.json")));
        var png = File.ReadAllBytes(Path.Combine(output, "montage.png"));
        Assert.Equal(0x89, png[0]);
        Assert.Equal(5 * 66 + 2, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16))); // 5 tiles of 64 + gutters
    }

    [Fact]
    public void Slices_WritesSplitAndPngs()
    {
        TinyDatasets.WriteBrats(_temp.File("data"), "c1", "c2", "c3", "c4", "c5");
        var output = _temp.File("slices");

        var (exitCode, stdout, stderr) = Tools.Run(Tools.Trainer, "slices", "--data", _temp.File("data"), "--out", output, "--policy", "tumour", "--region", "multiclass", "--size", "16", "--val", "0.2", "--test", "0.2");

        Assert.True(exitCode == 0, stderr);
        Assert.Contains("train", stdout);
        Assert.Contains("\"test\"", File.ReadAllText(Path.Combine(output, "split.json")));
        Assert.Equal(3 * 3 * 3, Directory.GetFiles(Path.Combine(output, "train"), "*.png").Length); // 3 cases x 3 slices x 3 PNGs
    }

    [Theory]
    [InlineData("slices --data /nonexistent/brats", "does not exist")]
    [InlineData("phantom --cases 0", "--cases must be at least 1")]
    [InlineData("slices --data /tmp --policy sideways", "unknown slice policy")]
    [InlineData("slices --data /tmp --modalities t3", "unknown modality")]
    [InlineData("seg --data /nonexistent/brats --out /tmp/brainaug-cli-never", "does not exist")]
    [InlineData("tumour --data /tmp --out /tmp/brainaug-cli-never --size 0", "--size must be 8..1024")]
    [InlineData("brain --data /tmp --out /tmp/brainaug-cli-never --condition outline", "outline")]
    [InlineData("seg --data /tmp --out /tmp/brainaug-cli-never --bogus 1", "Unrecognized command or argument '--bogus'")]
    [InlineData("seg --out /tmp/brainaug-cli-never", "Option '--data' is required")]
    [InlineData("seg --data /tmp --out /tmp/brainaug-cli-never --threads 0", "--threads must be 1..1024")]
    [InlineData("seg --data /tmp --out /tmp/brainaug-cli-never --weight-average 1", "--weight-average must lie in [0, 1)")]
    [InlineData("seg --data /tmp --out /tmp/brainaug-cli-never --head-bias zero", "zero")]
    [InlineData("phantom --out /proc/brainaug-cli-never --cases 2 --depth 12", "brainaug-trainer: ")]
    public void BadInput_ClearErrorNoStackTrace(string commandLine, string message)
    {
        var (exitCode, stdout, stderr) = Tools.Run(Tools.Trainer, commandLine.Split(' '));

        Assert.Equal(2, exitCode);
        Assert.Contains(message, stdout + stderr);
        Assert.DoesNotContain("   at ", stdout + stderr);
        Assert.False(Directory.Exists("/tmp/brainaug-cli-never"), "a failed start must not leave a run folder behind");
    }

    [Fact]
    public void DeviceCuda_SaysWhatIsMissing_InOneLine()
    {
        var data = _temp.File("data");
        TinyDatasets.WriteBrats(data, "case0", "case1", "case2", "case3", "case4");

        var (exitCode, _, stderr) = Tools.Run(Tools.Trainer, "seg", "--data", data, "--out", _temp.File("run"), "--preset", "tiny", "--policy", "tumour",
            "--epochs", "1", "--validation", "0.2", "--test", "0.2", "--device", "cuda");

        if (BrainAug.Networks.TorchBuild.Backend == "cuda" && TorchSharp.torch.cuda.is_available())
        {
            Assert.Equal(0, exitCode); // a CUDA build on a GPU machine trains there
            return;
        }
        Assert.Equal(2, exitCode);
        Assert.Single(stderr.Trim().Split('\n'));
        Assert.Contains(BrainAug.Networks.TorchBuild.Backend == "cpu" ? "BRAINAUG_TORCH_BACKEND=cuda" : "sees no CUDA device", stderr);
    }

    [Fact]
    public void BadInput_Verbose_AddsTheStackTrace()
    {
        var (exitCode, _, stderr) = Tools.Run(Tools.Trainer, "seg", "--data", "/nonexistent/brats", "--out", "/tmp/brainaug-cli-never", "--verbose");

        Assert.Equal(2, exitCode);
        Assert.Contains("brainaug-trainer: dataset folder /nonexistent/brats does not exist", stderr);
        Assert.Contains("   at ", stderr);
    }
}
