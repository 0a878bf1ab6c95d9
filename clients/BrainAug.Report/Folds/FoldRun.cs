using BrainAug.Contracts.Experiment;
using BrainAug.Report.Experiment;

namespace BrainAug.Report.Folds;

/// <summary>One fold of a cross-validation: a whole experiment run tested on its own cases, with each arm's Dice per
/// seed and test case (<see cref="ResultsTable.CaseDice"/>). <paramref name="Label"/> names it in the tables: its
/// number, or with several cross-validations pooled, its cross-validation's folder name and its number.</summary>
public sealed record FoldRun(int Fold, string Label, ExperimentRun Run, IReadOnlyList<string> TestCases, IReadOnlyDictionary<string, double[,]> Dice)
{
    /// <summary>The cross-validation's folder that holds this fold.</summary>
    public string CrossValidation => Path.GetDirectoryName(Run.Folder)!;

    /// <summary>The finished folds of one cross-validation, or of several pooled (repeated cross-validation: other
    /// draws of the data, or other fold assignments), in order. Within one cross-validation every case is tested
    /// once and never trained on; across them the design (arms, seeds, pairs, tumours) must be the same.</summary>
    public static List<FoldRun> Pool(IReadOnlyList<string> runs)
    {
        runs = [.. runs.Select(run => Path.TrimEndingDirectorySeparator(Path.GetFullPath(run)))];
        if (runs.Count == 0) throw new ArgumentException("give at least one cross-validation's folder with --run");
        if (runs.Distinct().Count() != runs.Count) throw new ArgumentException("the same --run was given twice: each cross-validation is pooled once");
        if (runs.GroupBy(Path.GetFileName).FirstOrDefault(g => g.Count() > 1) is { } clash)
            throw new ArgumentException($"{string.Join(" and ", clash)} have the same folder name, which names their folds in the tables: rename one");
        var folds = runs.SelectMany(run => Under(run, runs.Count == 1 ? null : Path.GetFileName(run))).ToList();
        foreach (var f in folds) RefuseOtherDesign(f, folds[0]);
        return folds;
    }

    /// <summary>The finished folds under one cross-validation's folder (brainaug-experiment's foldN folders).</summary>
    private static List<FoldRun> Under(string folder, string? runName)
    {
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"{folder} does not exist: --run must be a cross-validation's folder");
        var folds = Directory.GetDirectories(folder, "fold*")
            .Where(d => Path.GetFileName(d)[4..] is { Length: > 0 } n && n.All(char.IsAsciiDigit) && File.Exists(new ExperimentLayout(d).Record))
            .Select(d => Open(d, runName)).OrderBy(f => f.Fold).ToList();
        if (folds.Count < 2) throw new InvalidDataException($"{folder} holds {folds.Count} finished fold(s) (foldN folders with experiment.json): pooling needs two");
        var first = folds[0];
        var tested = new HashSet<string>(StringComparer.Ordinal);
        foreach (var f in folds)
        {
            RefuseOtherDesign(f, first);
            if (f.Run.Data != first.Run.Data) throw new InvalidDataException($"{f.Run.Folder} used other data ({f.Run.Data}) than {first.Run.Folder} ({first.Run.Data})");
            if (f.TestCases.FirstOrDefault(c => !tested.Add(c)) is { } twice)
                throw new InvalidDataException($"test case {twice} is tested in more than one fold: the folds do not come from one cross-validation");
            if (f.Run.Split.Train.Concat(f.Run.Split.Validation).Intersect(f.TestCases).FirstOrDefault() is { } leaked)
                throw new InvalidDataException($"{f.Run.Folder} trains or validates on its own test case {leaked}");
        }
        return folds;
    }

    /// <summary>Folds pool only when they are one design: the same arms and seeds, pairs per real image and tumours.</summary>
    private static void RefuseOtherDesign(FoldRun f, FoldRun first)
    {
        if (!f.Run.Arms.SequenceEqual(first.Run.Arms) || f.Run.Arms.Any(arm => f.Run.SeedsOf(arm).Count != first.Run.SeedsOf(arm).Count))
            throw new InvalidDataException($"{f.Run.Folder} trained other arms or seeds than {first.Run.Folder}: the folds are not comparable");
        if (f.Run.Record.SyntheticPerReal != first.Run.Record.SyntheticPerReal)
            throw new InvalidDataException($"{f.Run.Folder} made {f.Run.Record.SyntheticPerReal} synthetic pair(s) per real image, {first.Run.Folder} {first.Run.Record.SyntheticPerReal}: the folds are not comparable");
        if (f.Run.Record.Tumours != first.Run.Record.Tumours)
            throw new InvalidDataException($"{f.Run.Folder} painted {f.Run.Record.Tumours} tumours, {first.Run.Folder} {first.Run.Record.Tumours}: the folds are not comparable");
    }

    private static FoldRun Open(string folder, string? runName)
    {
        var run = ExperimentRun.Open(folder);
        var (cases, dice) = ResultsTable.CaseDice(run);
        var fold = int.Parse(Path.GetFileName(folder)[4..], System.Globalization.CultureInfo.InvariantCulture);
        var label = runName is null ? fold.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"{runName} {fold}";
        return new FoldRun(fold, label, run, cases, dice);
    }
}
