using BrainAug.Contracts.Experiment;

namespace BrainAug.Experiment;

/// <summary>
/// Keeps a run folder to the options it was started with. A rerun skips finished stages, so a rerun with another
/// --synthetic-per-real (say) would report pairs made with the old value under the new one; instead it is refused.
/// <see cref="ExperimentOptions.ResultArguments"/> is written to stages/options.txt on the first run and compared on
/// every later one.
/// </summary>
public static class RunOptionsGuard
{
    public static void Check(ExperimentOptions options)
    {
        var path = new ExperimentLayout(options.Run).Options;
        var wanted = options.ResultArguments().Select(a => string.Join(' ', a)).ToList();
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllLines(path, wanted);
            return;
        }
        var recorded = File.ReadAllLines(path).Where(l => l.Length > 0).ToList();
        var was = recorded.Except(wanted).ToList();
        var asked = wanted.Except(recorded).ToList();
        if (was.Count == 0 && asked.Count == 0) return;
        var difference = (was.Count, asked.Count) switch
        {
            (0, _) => $"was started without {string.Join(", ", asked)}",
            (_, 0) => $"was started with {string.Join(", ", was)}, which this command leaves out",
            _ => $"was started with {string.Join(", ", was)}, this command asks for {string.Join(", ", asked)}",
        };
        throw new InvalidOperationException(
            $"{options.Run} {difference}. Its finished stages would be reused as if made with the new options: rerun with the " +
            $"options in {path} to go on, or give another --run folder.");
    }
}
