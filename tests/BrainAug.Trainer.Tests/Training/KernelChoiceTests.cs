using BrainAug.TestSupport;
using BrainAug.Trainer.Kernels;

namespace BrainAug.Trainer.Tests.Training;

/// <summary>The choice of libtorch kernel settings, with a checker that plays each kind of machine (the real check
/// runs in KernelSettingsCliTests): healthy, faulty above AVX2 (Zen 5 here), faulty everywhere.</summary>
public class KernelChoiceTests : IDisposable
{
    private readonly TempDirectory _cache = new();
    private readonly List<string> _said = [];
    private readonly List<(string Name, int Rounds)> _checked = [];

    public void Dispose() => _cache.Dispose();

    private KernelChoice Choice(params string[] faulty) => new(_cache.Path, _said.Add, (candidate, rounds) =>
    {
        _checked.Add((candidate.Name, rounds));
        return (!faulty.Contains(candidate.Name), $"{candidate.Name} checked");
    });

    [Fact]
    public void HealthyMachine_DefaultChosenSilently_AndTheVerdictIsCached()
    {
        Assert.Equal(KernelSettings.Default, Choice().Choose(recheck: false));
        Assert.Empty(_said);
        Assert.Equal([("default", KernelChoice.Rounds)], _checked);
        Assert.Equal("", KernelSettings.Default.AsLines());

        // Another process on the same machine: the verdict is read, nothing is checked again.
        Assert.Equal(KernelSettings.Default, Choice("default").Choose(recheck: false));
        Assert.Single(_checked);
    }

    [Fact]
    public void FaultyAboveAvx2_Avx2Chosen_SaidOnceWithTheCacheFile()
    {
        var choice = Choice("default");
        Assert.Equal(KernelSettings.Avx2, choice.Choose(recheck: false));
        Assert.Equal(["default", "avx2"], _checked.Select(c => c.Name));
        var said = Assert.Single(_said);
        Assert.Contains("under default: using avx2 (DNNL_MAX_CPU_ISA=AVX2 ATEN_CPU_CAPABILITY=avx2)", said);
        Assert.Contains(choice.CachePath, said);
        Assert.Equal("DNNL_MAX_CPU_ISA=AVX2\nATEN_CPU_CAPABILITY=avx2\n", KernelSettings.Avx2.AsLines());
        Assert.Equal("avx2", File.ReadLines(choice.CachePath).Last());
    }

    [Fact]
    public void FaultyAboveSse41_Sse41Chosen_TheFloorCheckedInOneRound()
    {
        Assert.Equal(KernelSettings.Sse41, Choice("default", "avx2").Choose(recheck: false));
        Assert.Equal([("default", KernelChoice.Rounds), ("avx2", KernelChoice.Rounds), ("sse41", 1)], _checked);
    }

    [Fact]
    public void FaultyEverywhere_NothingChosen_NothingCached()
    {
        var choice = Choice("default", "avx2", "sse41");
        Assert.Null(choice.Choose(recheck: false));
        Assert.Contains("this machine cannot train", Assert.Single(_said));
        Assert.False(File.Exists(choice.CachePath));
    }

    [Fact]
    public void Recheck_IgnoresTheCachedVerdict()
    {
        Choice().Choose(recheck: false);
        Assert.Equal(KernelSettings.Avx2, Choice("default").Choose(recheck: true));
        Assert.Equal(3, _checked.Count);
    }
}
