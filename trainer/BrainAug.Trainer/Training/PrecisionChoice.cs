using BrainAug.Contracts.Training;

namespace BrainAug.Trainer.Training;

/// <summary>The precision a run trains in, and why: what was asked, or for <see cref="Precision.Auto"/> bf16 mixed
/// precision where it is native (CUDA, or a CPU with AVX512-BF16 or AMX whose oneDNN kernels may use it) and fp32
/// elsewhere, where bf16 is emulated and several times slower.</summary>
public static class PrecisionChoice
{
    /// <summary>Why the GAN trainers' summaries say fp32: bf16 for them is not built, as its effect on adversarial
    /// training has not been measured on a machine with working native bf16 kernels.</summary>
    public const string GanFp32 = "the GAN trainers train in fp32 (bf16 for them is not built yet)";

    /// <summary>oneDNN ISA caps (DNNL_MAX_CPU_ISA) that still allow its native bf16 kernels.</summary>
    private static readonly HashSet<string> CapsWithBf16 = new(StringComparer.OrdinalIgnoreCase)
    {
        "ALL", "DEFAULT", "AVX512_CORE_BF16", "AVX512_CORE_FP16", "AVX512_CORE_AMX", "AVX512_CORE_AMX_FP16", "AVX10_1_512",
        "AVX10_1_512_AMX", "AVX10_1_512_AMX_FP16",
    };

    /// <summary>Resolves <paramref name="requested"/> for the device and what <paramref name="cpu"/> found.</summary>
    public static (Precision Chosen, string Why) Resolve(Precision requested, bool onCuda, CpuProbe cpu)
    {
        if (requested != Precision.Auto) return (requested, "asked for");
        if (onCuda) return (Precision.Bf16, "auto: CUDA computes bf16 natively");
        if (!cpu.NativeBf16) return (Precision.Fp32, "auto: this CPU has no native bf16 (AVX512-BF16 or AMX), so bf16 would be emulated and slower");
        if (cpu.OneDnnCap is { Length: > 0 } cap && !CapsWithBf16.Contains(cap))
            return (Precision.Fp32, $"auto: libtorch's oneDNN is capped at {cap} (DNNL_MAX_CPU_ISA), below its bf16 kernels, so bf16 would be emulated");
        return (Precision.Bf16, "auto: this CPU has native bf16 (AVX512-BF16 or AMX)");
    }
}
