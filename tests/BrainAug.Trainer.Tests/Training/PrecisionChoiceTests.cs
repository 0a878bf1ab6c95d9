using BrainAug.Contracts.Training;
using BrainAug.Trainer.Training;

namespace BrainAug.Trainer.Tests.Training;

/// <summary>What --precision auto resolves to for a device, the CPU's bf16 flags and libtorch's oneDNN cap.</summary>
public class PrecisionChoiceTests
{
    [Theory]
    [InlineData(false, false, null, Precision.Fp32, "no native bf16")]
    [InlineData(false, true, null, Precision.Bf16, "native bf16")]
    [InlineData(false, true, "SSE41", Precision.Fp32, "capped at SSE41")]
    [InlineData(false, true, "AVX2", Precision.Fp32, "capped at AVX2")]
    [InlineData(false, true, "avx512_core_amx", Precision.Bf16, "native bf16")]
    [InlineData(true, false, "SSE41", Precision.Bf16, "CUDA")]
    public void Auto_ResolvesByDeviceFlagsAndCap(bool onCuda, bool nativeBf16, string? cap, Precision expected, string why)
    {
        var (chosen, reason) = PrecisionChoice.Resolve(Precision.Auto, onCuda, new CpuProbe(nativeBf16, cap));

        Assert.Equal(expected, chosen);
        Assert.Contains(why, reason);
    }

    [Theory]
    [InlineData(Precision.Fp32)]
    [InlineData(Precision.Bf16)]
    public void Explicit_IsKeptWhateverTheMachine(Precision asked)
    {
        Assert.Equal((asked, "asked for"), PrecisionChoice.Resolve(asked, false, new CpuProbe(false, "SSE41")));
        Assert.Equal((asked, "asked for"), PrecisionChoice.Resolve(asked, true, new CpuProbe(true, null)));
    }
}
