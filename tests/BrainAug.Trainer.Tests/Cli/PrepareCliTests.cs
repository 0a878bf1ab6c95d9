using BrainAug.Contracts.Data;
using BrainAug.TestSupport;

namespace BrainAug.Trainer.Tests.Cli;

/// <summary><c>brainaug-trainer prepare</c> as a user runs it: killed and rerun, given bad cases, read by a training.</summary>
[Trait("Category", "Slow")]
public class PrepareCliTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private string Phantom(int cases, int depth)
    {
        var data = _temp.File("phantom");
        var phantom = Tools.Run(Tools.Trainer, "phantom", "--out", data, "--cases", $"{cases}", "--depth", $"{depth}", "--seed", "5", "--difficulty", "easy", "--montage", "none");
        Assert.True(phantom.ExitCode == 0, phantom.Stderr);
        return data;
    }

    private static string[] Prepare(string data, string store, params string[] extra) =>
        ["prepare", "--data", data, "--out", store, "--size", "96", "--policy", "tumour", "--policy", "z20", .. extra];

    [Fact]
    public async Task KilledHalfway_Rerun_SameBytesAsUninterrupted()
    {
        var data = Phantom(cases: 10, depth: 40);
        var (whole, killed) = (_temp.File("whole"), _temp.File("killed"));
        var uninterrupted = Tools.Run(Tools.Trainer, Prepare(data, whole));
        Assert.True(uninterrupted.ExitCode == 0, uninterrupted.Stderr);

        using (var prepare = Tools.Start(Tools.Trainer, Prepare(data, killed, "--threads", "1")))
        {
            var cases = Path.Combine(killed, "cases");
            while (!prepare.HasExited && !(Directory.Exists(cases) && Directory.EnumerateFiles(cases, "*.slices").Any()))
                await Task.Delay(2);
            prepare.Kill();
            await prepare.WaitForExitAsync();
        }
        Assert.False(File.Exists(Path.Combine(killed, SliceStoreManifest.FileName)), "killed before it finished");
        var rerun = Tools.Run(Tools.Trainer, Prepare(data, killed));

        Assert.True(rerun.ExitCode == 0, rerun.Stderr);
        Assert.Matches(@"\([1-9] cases reused", rerun.Stdout);
        Assert.Equal(Files(whole), Files(killed));
    }

    [Theory]
    [InlineData("missing t2", "PHANTOM_002", "case PHANTOM_002: missing")]
    [InlineData("truncated flair", "PHANTOM_003", "case PHANTOM_003: ")]
    public void BadCase_OneLineNamingTheCase_NoStore(string defect, string caseId, string expected)
    {
        var data = Phantom(cases: 3, depth: 24);
        var file = Directory.GetFiles(Path.Combine(data, caseId), $"*_{defect.Split(' ')[1]}.nii.gz").Single();
        var bytes = File.ReadAllBytes(file);
        if (defect.StartsWith("missing")) File.Delete(file);
        else File.WriteAllBytes(file, bytes[..(bytes.Length * 2 / 3)]);
        var store = _temp.File("store");

        var result = Tools.Run(Tools.Trainer, Prepare(data, store));

        Assert.Equal(2, result.ExitCode);
        Assert.Single(result.Stderr.Trim().Split('\n'));
        Assert.StartsWith($"brainaug-trainer: {expected}", result.Stderr);
        Assert.False(Directory.Exists(store));
    }

    [Fact]
    public void SegFromStore_SameWeightsAsFromNifti()
    {
        var data = Phantom(cases: 5, depth: 24);
        var store = _temp.File("store");
        Assert.Equal(0, Tools.Run(Tools.Trainer, Prepare(data, store, "--modalities", "t1ce,flair")).ExitCode);
        string[] Seg(string output) => ["seg", "--data", data, "--out", output, "--preset", "tiny", "--size", "96", "--modalities", "flair",
            "--region", "wt", "--policy", "tumour", "--epochs", "1", "--device", "cpu", "--threads", "1", "--validation", "0.2", "--test", "0.2"];

        var fromNifti = Tools.Run(Tools.Trainer, Seg(_temp.File("nifti")));
        var fromStore = Tools.Run(Tools.Trainer, [.. Seg(_temp.File("stored")), "--store", store]);

        Assert.True(fromNifti.ExitCode == 0, fromNifti.Stderr);
        Assert.True(fromStore.ExitCode == 0, fromStore.Stderr);
        Assert.Equal(File.ReadAllBytes(Path.Combine(_temp.File("nifti"), "final.weights")), File.ReadAllBytes(Path.Combine(_temp.File("stored"), "final.weights")));
    }

    /// <summary>Every file under a folder: its relative path and the SHA-256 of its bytes.</summary>
    private static List<string> Files(string folder) =>
        [.. Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(f => $"{Path.GetRelativePath(folder, f)} {Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f)))}")];
}
