namespace BrainAug.Trainer.Training;

/// <summary>What the CPU offers for reduced precision (Linux: /proc/cpuinfo flags).</summary>
public static class CpuFeatures
{
    /// <summary>True when the CPU computes bf16 natively (AVX512-BF16 or AMX-BF16); without it libtorch
    /// emulates bf16 and a bf16 step is several times slower than fp32.</summary>
    public static bool HasNativeBf16 { get; } = ReadFlags().Overlaps(["avx512_bf16", "amx_bf16"]);

    private static HashSet<string> ReadFlags()
    {
        const string cpuInfo = "/proc/cpuinfo";
        if (!File.Exists(cpuInfo)) return [];
        var line = File.ReadLines(cpuInfo).FirstOrDefault(l => l.StartsWith("flags", StringComparison.Ordinal));
        return line is null ? [] : line[(line.IndexOf(':') + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet();
    }
}

/// <summary>What the CPU and libtorch allow for bf16: native bf16 instructions, and oneDNN's ISA cap (DNNL_MAX_CPU_ISA, null when unset).</summary>
public sealed record CpuProbe(bool NativeBf16, string? OneDnnCap)
{
    public static CpuProbe ThisMachine { get; } = new(CpuFeatures.HasNativeBf16, Environment.GetEnvironmentVariable("DNNL_MAX_CPU_ISA"));
}
