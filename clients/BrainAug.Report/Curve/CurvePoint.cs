using BrainAug.Report.Experiment;

namespace BrainAug.Report.Curve;

/// <summary>One point of a learning curve: a whole experiment run on <see cref="Cases"/> real training cases, with each
/// arm's Dice per seed and test case (<see cref="ResultsTable.CaseDice"/>).</summary>
public sealed record CurvePoint(int Cases, ExperimentRun Run, IReadOnlyList<string> TestCases, IReadOnlyDictionary<string, double[,]> Dice)
{
    /// <summary>The points under a curve's folder (brainaug-experiment's nNNN folders), fewest cases first.</summary>
    public static List<CurvePoint> Under(string folder)
    {
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"{folder} does not exist: --run must be a learning curve's folder");
        var points = Directory.GetDirectories(folder, "n*")
            .Where(d => Path.GetFileName(d)[1..].All(char.IsAsciiDigit) && File.Exists(new BrainAug.Contracts.Experiment.ExperimentLayout(d).Record))
            .Select(Open).OrderBy(p => p.Cases).ToList();
        if (points.Count < 2) throw new InvalidDataException($"{folder} holds {points.Count} finished curve point(s) (nNNN folders with experiment.json): a curve needs two");
        var first = points[0];
        foreach (var p in points.Skip(1))
        {
            if (!p.TestCases.SequenceEqual(first.TestCases)) throw new InvalidDataException($"{p.Run.Folder} was scored on other test cases than {first.Run.Folder}: the points are not comparable");
            if (!p.Run.Arms.SequenceEqual(first.Run.Arms) || p.Run.Seeds.Count != first.Run.Seeds.Count)
                throw new InvalidDataException($"{p.Run.Folder} trained other arms or seeds than {first.Run.Folder}: the points are not comparable");
        }
        // The curve resamples one seed index across every arm, so every arm must have trained the same seeds.
        if (points.FirstOrDefault(p => p.Run.Record.ComparatorSeeds != 1) is { } extra)
            throw new InvalidDataException($"{extra.Run.Folder} trained more geometric seeds than the other arms' (--comparator-seeds {extra.Run.Record.ComparatorSeeds}): a learning curve needs the same seeds in every arm");
        return points;
    }

    private static CurvePoint Open(string folder)
    {
        var run = ExperimentRun.Open(folder);
        var (cases, dice) = ResultsTable.CaseDice(run);
        return new CurvePoint(run.Split.Train.Count, run, cases, dice);
    }
}
