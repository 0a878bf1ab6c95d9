namespace BrainAug.Trainer.Training;

/// <summary>What the CPU is and offers (Linux: the first processor's lines of /proc/cpuinfo, the same on every core of
/// these machines; empty elsewhere).</summary>
public static class CpuFeatures
{
    /// <summary>The first processor's "key: value" lines of /proc/cpuinfo (model name, cpu family, flags, ...).</summary>
    public static IReadOnlyDictionary<string, string> Fields { get; } = ReadFields();

    /// <summary>True when the CPU computes bf16 natively (AVX512-BF16 or AMX-BF16); without it libtorch
    /// emulates bf16 and a bf16 step is several times slower than fp32.</summary>
    public static bool HasNativeBf16 { get; } = Fields.GetValueOrDefault("flags", "").Split(' ', StringSplitOptions.RemoveEmptyEntries)
        .ToHashSet().Overlaps(["avx512_bf16", "amx_bf16"]);

    private static Dictionary<string, string> ReadFields()
    {
        const string cpuInfo = "/proc/cpuinfo";
        if (!File.Exists(cpuInfo)) return [];
        return File.ReadLines(cpuInfo).TakeWhile(l => l.Length > 0)
            .Select(l => l.Split(':', 2))
            .Where(p => p.Length == 2)
            .GroupBy(p => p[0].Trim())
            .ToDictionary(g => g.Key, g => g.First()[1].Trim());
    }
}

/// <summary>What the CPU and libtorch allow for bf16: native bf16 instructions, and oneDNN's ISA cap (DNNL_MAX_CPU_ISA, null when unset).</summary>
public sealed record CpuProbe(bool NativeBf16, string? OneDnnCap)
{
    public static CpuProbe ThisMachine { get; } = new(CpuFeatures.HasNativeBf16, Environment.GetEnvironmentVariable("DNNL_MAX_CPU_ISA"));
}
