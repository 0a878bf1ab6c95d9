using BrainAug.Contracts.Experiment;
using BrainAug.Report.Experiment;

namespace BrainAug.Report.Folds;

/// <summary>One fold of a cross-validation: a whole experiment run tested on its own cases, with each arm's Dice per
/// seed and test case (<see cref="ResultsTable.CaseDice"/>).</summary>
public sealed record FoldRun(int Fold, ExperimentRun Run, IReadOnlyList<string> TestCases, IReadOnlyDictionary<string, double[,]> Dice)
{
    /// <summary>The finished folds under a cross-validation's folder (brainaug-experiment's foldN folders), in order.</summary>
    public static List<FoldRun> Under(string folder)
    {
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"{folder} does not exist: --run must be a cross-validation's folder");
        var folds = Directory.GetDirectories(folder, "fold*")
            .Where(d => Path.GetFileName(d)[4..] is { Length: > 0 } n && n.All(char.IsAsciiDigit) && File.Exists(new ExperimentLayout(d).Record))
            .Select(Open).OrderBy(f => f.Fold).ToList();
        if (folds.Count < 2) throw new InvalidDataException($"{folder} holds {folds.Count} finished fold(s) (foldN folders with experiment.json): pooling needs two");
        var first = folds[0];
        var tested = new HashSet<string>(StringComparer.Ordinal);
        foreach (var f in folds)
        {
            if (!f.Run.Arms.SequenceEqual(first.Run.Arms) || f.Run.Arms.Any(arm => f.Run.SeedsOf(arm).Count != first.Run.SeedsOf(arm).Count))
                throw new InvalidDataException($"{f.Run.Folder} trained other arms or seeds than {first.Run.Folder}: the folds are not comparable");
            if (f.Run.Record.SyntheticPerReal != first.Run.Record.SyntheticPerReal)
                throw new InvalidDataException($"{f.Run.Folder} made {f.Run.Record.SyntheticPerReal} synthetic pair(s) per real image, {first.Run.Folder} {first.Run.Record.SyntheticPerReal}: the folds are not comparable");
            if (f.Run.Record.Tumours != first.Run.Record.Tumours)
                throw new InvalidDataException($"{f.Run.Folder} painted {f.Run.Record.Tumours} tumours, {first.Run.Folder} {first.Run.Record.Tumours}: the folds are not comparable");
            if (f.Run.Data != first.Run.Data) throw new InvalidDataException($"{f.Run.Folder} used other data ({f.Run.Data}) than {first.Run.Folder} ({first.Run.Data})");
            if (f.TestCases.FirstOrDefault(c => !tested.Add(c)) is { } twice)
                throw new InvalidDataException($"test case {twice} is tested in more than one fold: the folds do not come from one cross-validation");
            if (f.Run.Split.Train.Concat(f.Run.Split.Validation).Intersect(f.TestCases).FirstOrDefault() is { } leaked)
                throw new InvalidDataException($"{f.Run.Folder} trains or validates on its own test case {leaked}");
        }
        return folds;
    }

    private static FoldRun Open(string folder)
    {
        var run = ExperimentRun.Open(folder);
        var (cases, dice) = ResultsTable.CaseDice(run);
        return new FoldRun(int.Parse(Path.GetFileName(folder)[4..], System.Globalization.CultureInfo.InvariantCulture), run, cases, dice);
    }
}
