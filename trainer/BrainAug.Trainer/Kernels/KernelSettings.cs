namespace BrainAug.Trainer.Kernels;

/// <summary>
/// A choice of libtorch CPU kernels, made through the environment its process starts with: oneDNN reads
/// DNNL_MAX_CPU_ISA and libtorch's own ATen kernels ATEN_CPU_CAPABILITY once, when they first run, so a setting
/// applies to processes started with it, never to the running one.
/// </summary>
public sealed record KernelSettings(string Name, IReadOnlyList<(string Variable, string Value)> Environment)
{
    public const string OneDnnVariable = "DNNL_MAX_CPU_ISA", AtenVariable = "ATEN_CPU_CAPABILITY";

    /// <summary>What each CPU offers (AVX-512 on Zen 4 and 5).</summary>
    public static readonly KernelSettings Default = new("default", []);

    /// <summary>AVX2 for both libraries: about what a Zen 3 runs, so far faster than SSE4.1.</summary>
    public static readonly KernelSettings Avx2 = new("avx2", [(OneDnnVariable, "AVX2"), (AtenVariable, "avx2")]);

    /// <summary>The last resort, clean on every machine here (none non-finite in 800 convolution passes on Zen 5).</summary>
    public static readonly KernelSettings Sse41 = new("sse41", [(OneDnnVariable, "SSE41"), (AtenVariable, "avx2")]);

    /// <summary>Tried in this order; the first whose check is clean is chosen.</summary>
    public static readonly IReadOnlyList<KernelSettings> Candidates = [Default, Avx2, Sse41];

    /// <summary>The settings this process started with: a candidate's name when the environment matches one,
    /// "custom" when the user set the variables otherwise.</summary>
    public static KernelSettings Current()
    {
        var environment = new[] { OneDnnVariable, AtenVariable }
            .Select(v => (v, System.Environment.GetEnvironmentVariable(v)))
            .Where(p => !string.IsNullOrEmpty(p.Item2))
            .Select(p => (p.v, p.Item2!))
            .ToList();
        return Candidates.FirstOrDefault(c => c.Environment.SequenceEqual(environment)) ?? new KernelSettings("custom", environment);
    }

    /// <summary>True when the user set either variable: then nothing is chosen for them.</summary>
    public static bool SetByUser => Current() != Default;

    /// <summary>One VARIABLE=value per line (nothing for the default), the form `brainaug-trainer kernel-settings` prints.</summary>
    public string AsLines() => string.Concat(Environment.Select(e => $"{e.Variable}={e.Value}\n"));

    public bool Equals(KernelSettings? other) => other is not null && Name == other.Name && Environment.SequenceEqual(other.Environment);

    public override int GetHashCode() => Name.GetHashCode(StringComparison.Ordinal);
}
