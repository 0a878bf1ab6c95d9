using BrainAug.Contracts.Experiment;

namespace BrainAug.Experiment;

/// <summary>
/// Keeps a run folder to the options it was started with. A rerun skips finished stages, so a rerun with another
/// --synthetic-per-real (say) would report pairs made with the old value under the new one; instead it is refused.
/// The options that shape results are written to stages/options.txt on the first run and compared on every later
/// one; --jobs, --executor and the Slurm options may change between runs (they change where, not what).
/// </summary>
public static class RunOptionsGuard
{
    public static void Check(ExperimentOptions options)
    {
        var path = new ExperimentLayout(options.Run).Options;
        var wanted = Lines(options);
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllLines(path, wanted);
            return;
        }
        var recorded = File.ReadAllLines(path);
        var differs = wanted.Zip(recorded).FirstOrDefault(p => p.First != p.Second);
        if (differs == default && recorded.Length == wanted.Count) return;
        var (asked, was) = differs == default ? ("(other options)", string.Join(", ", recorded)) : differs;
        throw new InvalidOperationException(
            $"{options.Run} was started with {was}, this command asks for {asked}. Its finished stages would be reused as if made " +
            "with the new options: rerun with the options in " + path + " to go on, or give another --run folder.");
    }

    /// <summary>One line per option that shapes the results, as the command line spells it.</summary>
    private static List<string> Lines(ExperimentOptions options) =>
    [
        $"--preset {options.Preset.Name}",
        $"--data {options.Data ?? "(the preset's phantom)"}",
        $"--seeds {options.Seeds}",
        $"--count {options.Count?.ToString() ?? "(the real training images)"}",
        $"--generator-seed {options.GeneratorSeed}",
        $"--transform-synthetic {(options.TransformSynthetic ? "on" : "off")}",
        $"--synthetic-per-real {options.SyntheticPerReal}",
        $"--seg-precision {options.SegPrecision}",
    ];
}
