using BrainAug.TestSupport;
using BrainAug.Trainer.Kernels;

namespace BrainAug.Trainer.Tests.Cli;

/// <summary>
/// check-kernels and kernel-settings as processes, with real libtorch checks. No machine here is faulty on purpose
/// in a known way, so faults are injected (BRAINAUG_INJECT_KERNEL_FAULT puts a NaN into a named setting's check);
/// the SSE4.1 floor is left uninjected and is clean on every machine kind here, so the capped path runs for real.
/// </summary>
[Trait("Category", "Slow")]
public class KernelSettingsCliTests : IDisposable
{
    private readonly TempDirectory _cache = new();

    public void Dispose() => _cache.Dispose();

    [Fact]
    public void CheckKernels_InjectedFault_Exit3AndSaysWhere()
    {
        var (code, stdout, _) = Trainer(new() { [KernelCheck.InjectFaultVariable] = "default" }, "check-kernels", "--repeats", "4", "--steps", "2");

        Assert.Equal(3, code);
        Assert.Contains("check-kernels: settings default: convolution 4/4 non-finite", stdout);
    }

    [Fact]
    public void CheckKernels_Sse41_Sound()
    {
        var (code, stdout, stderr) = Trainer(new() { ["DNNL_MAX_CPU_ISA"] = "SSE41", ["ATEN_CPU_CAPABILITY"] = "avx2" }, "check-kernels", "--steps", "4");

        Assert.True(code == 0, stdout + stderr);
        Assert.Matches(@"^check-kernels: settings sse41 \(DNNL_MAX_CPU_ISA=SSE41 ATEN_CPU_CAPABILITY=avx2\): convolution 0/200 non-finite, U-Net 0/4 non-finite, DCGAN 0/4 non-finite, pix2pix 0/4 non-finite, inpainting 0/4 non-finite\n$", stdout);
        Assert.DoesNotContain("NNPACK", stderr); // libtorch's per-convolution NNPACK warning is switched off
    }

    [Fact]
    public void KernelSettings_FaultsAboveSse41_PrintsTheCap_ThenAnswersFromTheCache()
    {
        var faults = new Dictionary<string, string> { [KernelCheck.InjectFaultVariable] = "default,avx2" };

        var (code, stdout, stderr) = Trainer(faults, "kernel-settings");

        Assert.True(code == 0, stderr);
        Assert.Equal("DNNL_MAX_CPU_ISA=SSE41\nATEN_CPU_CAPABILITY=avx2\n", stdout);
        Assert.Contains("non-finite results on this CPU under default and avx2: using sse41", stderr);
        var cache = Assert.Single(Directory.GetFiles(_cache.Path));
        Assert.Equal("sse41", File.ReadLines(cache).Last());

        // Faults everywhere now: a check would find no setting, so the same answer, silent, comes from the cache.
        (code, stdout, stderr) = Trainer(new() { [KernelCheck.InjectFaultVariable] = "default,avx2,sse41" }, "kernel-settings");
        Assert.Equal((0, "DNNL_MAX_CPU_ISA=SSE41\nATEN_CPU_CAPABILITY=avx2\n", ""), (code, stdout, stderr));
    }

    [Fact]
    public void KernelSettings_UserSetTheVariables_NothingCheckedNothingPrinted()
    {
        var (code, stdout, stderr) = Trainer(new() { ["DNNL_MAX_CPU_ISA"] = "AVX2" }, "kernel-settings");

        Assert.Equal((0, "", ""), (code, stdout, stderr));
        Assert.Empty(Directory.GetFiles(_cache.Path));
    }

    /// <summary>The trainer with a private cache folder and none of the caller's kernel settings (test.sh exports them
    /// on machines that need them), plus <paramref name="environment"/>.</summary>
    private ProcessResult Trainer(Dictionary<string, string> environment, params string[] arguments)
    {
        var start = ProcessRunner.Command("dotnet", [Tools.Trainer, .. arguments], new Dictionary<string, string>(environment) { [KernelChoice.CacheFolderVariable] = _cache.Path });
        foreach (var variable in new[] { KernelSettings.OneDnnVariable, KernelSettings.AtenVariable })
            if (!environment.ContainsKey(variable)) start.Environment.Remove(variable);
        return ProcessRunner.Run(start, TimeSpan.FromMinutes(5));
    }
}
