using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using BrainAug.Trainer.Training;

namespace BrainAug.Trainer.Kernels;

/// <summary>
/// Chooses the kernel settings this machine trains with: the first of <see cref="KernelSettings.Candidates"/> whose
/// <see cref="KernelCheck"/> is clean, each checked in a child process started with that setting. The verdict is kept
/// in a cache file keyed by the CPU (model, family, stepping, flags), the TorchSharp build and the check's version,
/// so the check runs once per machine and libtorch rather than once per command.
/// A candidate is checked in <see cref="Rounds"/> rounds of one child per core side by side (the fault needs load to
/// show): on a 2-core Zen 5 here oneDNN's AVX2 kernels gave non-finite pix2pix or inpainting steps in 7 of 16
/// processes, mostly from the first step on, so 14 clean processes leave well under a 1 % chance of passing a setting
/// that faults that often (measured; about 30 s for a sound default, once per machine). A candidate is ruled out at
/// its first fault; the last, the floor, is checked in one round.
/// </summary>
/// <param name="check">Checks a candidate in the given number of rounds (default: check-kernels in child processes;
/// tests pass their own to walk every path on any machine).</param>
public sealed class KernelChoice(string cacheFolder, Action<string> say, Func<KernelSettings, int, (bool Sound, string Finding)>? check = null)
{
    private readonly Func<KernelSettings, int, (bool Sound, string Finding)> _check = check ?? CheckInChildren;

    /// <summary>Raise when the check changes, so that earlier verdicts are not trusted.</summary>
    private const int CheckVersion = 2;

    public const int Rounds = 7;

    public const string CacheFolderVariable = "BRAINAUG_CACHE_DIR";

    /// <summary>$BRAINAUG_CACHE_DIR, else $XDG_CACHE_HOME/brainaug, else ~/.cache/brainaug.</summary>
    public static string DefaultCacheFolder() =>
        Environment.GetEnvironmentVariable(CacheFolderVariable) is { Length: > 0 } folder ? folder
        : Path.Combine(Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"), "brainaug");

    public string CachePath => Path.Combine(cacheFolder, $"kernels-{MachineKey()}.txt");

    /// <summary>The cached verdict, or a new one (then cached). Null when no candidate is clean.</summary>
    public KernelSettings? Choose(bool recheck)
    {
        if (!recheck && Cached() is { } cached) return cached;
        var findings = new List<string>();
        foreach (var candidate in KernelSettings.Candidates)
        {
            // The last candidate is the floor: one round says whether this machine can train at all.
            var (sound, finding) = _check(candidate, candidate == KernelSettings.Candidates[^1] ? 1 : Rounds);
            findings.Add($"{candidate.Name}: {finding}");
            if (!sound) continue;
            Save(candidate, findings);
            if (candidate != KernelSettings.Default)
                say($"libtorch's kernels gave non-finite results on this CPU under {string.Join(" and ", findings.SkipLast(1).Select(f => f[..f.IndexOf(':')]))}: " +
                    $"using {candidate.Name} ({string.Join(' ', candidate.Environment.Select(e => $"{e.Variable}={e.Value}"))}); findings in {CachePath}");
            return candidate;
        }
        say($"libtorch's kernels gave non-finite results under every setting tried ({string.Join("; ", findings)}): this machine cannot train");
        return null;
    }

    private KernelSettings? Cached()
    {
        if (!File.Exists(CachePath)) return null;
        var name = File.ReadLines(CachePath).LastOrDefault(l => l.Length > 0 && !l.StartsWith('#'));
        return KernelSettings.Candidates.FirstOrDefault(c => c.Name == name);
    }

    private void Save(KernelSettings chosen, IEnumerable<string> findings)
    {
        Directory.CreateDirectory(cacheFolder);
        var text = new StringBuilder()
            .AppendLine($"# brainaug-trainer kernel-settings, {DateTimeOffset.Now:u}: {MachineDescription()}")
            .AppendLine($"# delete this file (or run kernel-settings --recheck) to check again")
            .AppendJoin("", findings.Select(f => $"# {f}\n"))
            .AppendLine(chosen.Name);
        var temporary = CachePath + $".{Environment.ProcessId}.tmp";
        File.WriteAllText(temporary, text.ToString());
        File.Move(temporary, CachePath, overwrite: true);
    }

    private static (bool Sound, string Finding) CheckInChildren(KernelSettings candidate, int rounds)
    {
        var children = Math.Max(2, Environment.ProcessorCount);
        var last = (Sound: true, Finding: "");
        for (var round = 0; round < rounds; round++)
        {
            var side = Enumerable.Range(0, children).Select(_ => Task.Run(() => CheckInChild(candidate))).ToList();
            var results = side.Select(t => t.Result).ToList();
            var fault = results.FindIndex(r => !r.Sound);
            if (fault >= 0) return (false, $"{results[fault].Finding} (process {round * children + fault + 1} of up to {rounds * children})");
            last = results[^1];
        }
        return (true, $"{last.Finding} (and in each of {rounds * children} processes)");
    }

    private static (bool Sound, string Finding) CheckInChild(KernelSettings candidate)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(typeof(KernelChoice).Assembly.Location);
        start.ArgumentList.Add("check-kernels");
        start.Environment.Remove(KernelSettings.OneDnnVariable);
        start.Environment.Remove(KernelSettings.AtenVariable);
        foreach (var (variable, value) in candidate.Environment) start.Environment[variable] = value;
        using var child = Process.Start(start)!;
        var error = child.StandardError.ReadToEndAsync();
        var output = child.StandardOutput.ReadToEnd().Trim();
        child.WaitForExit();
        var lastLine = output.Split('\n').LastOrDefault() ?? "";
        return child.ExitCode switch
        {
            0 => (true, lastLine),
            Commands.CheckKernelsCommand.Unsound => (false, lastLine),
            // A crash under a setting (an illegal instruction, say) rules that setting out, as a fault would.
            _ => (false, $"check-kernels failed (exit status {child.ExitCode}): {error.Result.Trim().Split('\n').FirstOrDefault()}"),
        };
    }

    private static string MachineKey() =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{CpuInfo()}\n{TorchSharpVersion()}\n{CheckVersion}")))[..16];

    private static string MachineDescription()
    {
        var fields = CpuFeatures.Fields;
        return $"{fields.GetValueOrDefault("model name", "unknown CPU")} family {fields.GetValueOrDefault("cpu family", "?")} " +
               $"model {fields.GetValueOrDefault("model", "?")}, TorchSharp {TorchSharpVersion()}, check version {CheckVersion}";
    }

    /// <summary>The processor's identifying lines of /proc/cpuinfo.</summary>
    private static string CpuInfo() => string.Join('\n', IdentifyingKeys.Select(k => $"{k}: {CpuFeatures.Fields.GetValueOrDefault(k, "")}"));

    private static readonly string[] IdentifyingKeys = ["vendor_id", "cpu family", "model", "model name", "stepping", "flags"];

    private static string TorchSharpVersion() => typeof(TorchSharp.torch).Assembly.GetName().Version?.ToString() ?? "unknown";
}
