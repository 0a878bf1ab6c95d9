using System.Globalization;
using System.Text.Json;
using BrainAug.Contracts;
using BrainAug.Contracts.Evaluation;
using BrainAug.Contracts.Imaging;

namespace BrainAug.Report.Experiment;

/// <summary>Mean and sample standard deviation (0 for a single value).</summary>
public sealed record MeanStd(double Mean, double Std)
{
    public static MeanStd Of(IReadOnlyList<double> values)
    {
        var mean = values.Average();
        return new MeanStd(mean, values.Count < 2 ? 0 : Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1)));
    }
}

/// <summary>One Seg-DNN (arm, seed): its metrics averaged over the test images, and the study's pooled Dice.</summary>
public sealed record SeedResult(int Seed, string Model, int Version, string Sha256, int Images, IReadOnlyDictionary<string, double> Means, double StudyPooledDice);

/// <summary>An arm: per-seed results, mean +- std over seeds, and paired differences against the real arm.</summary>
public sealed record ArmResult(
    string Arm, string Description, double? StudyFigure, IReadOnlyList<SeedResult> Seeds,
    IReadOnlyDictionary<string, MeanStd> Metrics, MeanStd StudyPooledDice,
    IReadOnlyDictionary<string, PairedDifference?> VersusRealByImage, PairedDifference? DiceVersusRealBySeed,
    BootstrapDifference? DiceVersusRealBootstrap);

/// <summary>The study's own question for one arm: its Dice minus the geometric arm's, bootstrapped over test cases and
/// seeds as the comparisons against real are (null with a single test case, which gives no interval).</summary>
public sealed record HeadToHead(string Arm, string Against, BootstrapDifference? Difference);

/// <summary>One results table: the arms scored on one region, and the head-to-head contrasts against geometric.</summary>
public sealed record RegionTable(string Region, IReadOnlyList<ArmResult> Arms, IReadOnlyList<HeadToHead> HeadToHead)
{
    public string Title => BratsRegions.Describe(Region);
}

/// <summary>
/// Reads the evaluation client's per_image.csv and summary.json and builds the results table (one per region
/// scored: one for a one-region run, WT, TC and ET for a regions run). Paired differences
/// against the real arm are given two ways: over test images (each image's metric averaged over seeds, arm minus
/// real; it ignores the spread between training seeds) and over seeds (mean Dice of seed s, arm minus real); and the
/// one to cite, a bootstrap over test cases and seeds together (<see cref="BootstrapDifference"/>).
/// </summary>
public static class ResultsTable
{
    public static readonly string[] Metrics = ["dice", "iou", "hd95_mm", "precision", "recall"];

    /// <summary>The arms the study's question sets against geometric augmentation: synthetic pairs instead of
    /// geometric copies, and synthetic pairs on top of them.</summary>
    public static readonly string[] HeadToHeadArms = ["synthetic", "both"];

    /// <summary>A table per region, in the order the evaluation scored them.</summary>
    /// <param name="bootstrapSeed">Seed of the bootstrap's resampling (the report's --seed).</param>
    public static List<RegionTable> BuildPerRegion(ExperimentRun run, ulong bootstrapSeed = 1)
    {
        var rows = ReadPerImage(Path.Combine(run.EvaluationFolder, EvaluationFiles.PerImageCsv));
        var summaries = ReadSummaries(Path.Combine(run.EvaluationFolder, EvaluationSummary.FileName));
        return [.. rows.Select(r => r.Region).Distinct().Select(region =>
            Build(run, region, [.. rows.Where(r => r.Region == region)], summaries.Where(s => s.Region == region).ToDictionary(s => s.Model), bootstrapSeed))];
    }

    private static RegionTable Build(ExperimentRun run, string region, List<ImageRow> rows, Dictionary<string, ModelScores> summaries, ulong bootstrapSeed)
    {
        var seedMeans = new Dictionary<string, Dictionary<string, double[]>>(); // arm -> metric -> per image, averaged over seeds
        var caseDice = new Dictionary<string, double[,]>(); // arm -> [seed, test case] Dice averaged over the case's slices
        var results = new List<ArmResult>();
        List<string>? imageKeys = null; // every model must have been scored on the same images, in the same order
        foreach (var arm in run.Arms)
        {
            var seeds = new List<SeedResult>();
            var perImage = Metrics.ToDictionary(m => m, _ => (double[]?)null);
            var perCase = new List<double[]>();
            var armSeeds = run.SeedsOf(arm);
            foreach (var seed in armSeeds)
            {
                var model = ExperimentRun.ModelName(arm, seed);
                var modelRows = rows.Where(r => r.Model == model).OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
                if (modelRows.Count == 0) throw new InvalidDataException($"per_image.csv has no rows for {model}");
                imageKeys ??= [.. modelRows.Select(r => r.Key)];
                if (!modelRows.Select(r => r.Key).SequenceEqual(imageKeys))
                    throw new InvalidDataException($"{model} was scored on {modelRows.Count} images, {ExperimentRun.ModelName(run.Arms[0], run.Seeds[0])} on {imageKeys.Count} (or on other ones): the arms are not comparable");
                if (!summaries.TryGetValue(model, out var summary)) throw new InvalidDataException($"summary.json has no entry for {model}");
                perCase.Add(CaseMeans(modelRows));
                seeds.Add(new SeedResult(seed, model, (int)summary.Version, summary.Sha256, modelRows.Count,
                    Metrics.ToDictionary(m => m, m => modelRows.Average(r => r.Values[m])), summary.StudyPooledDice));
                foreach (var metric in Metrics)
                {
                    var values = modelRows.Select(r => r.Values[metric] / armSeeds.Count).ToArray();
                    perImage[metric] = perImage[metric] is { } sum ? [.. sum.Select((v, i) => v + values[i])] : values;
                }
            }
            seedMeans[arm] = perImage.ToDictionary(p => p.Key, p => p.Value!);
            caseDice[arm] = new double[perCase.Count, perCase[0].Length];
            for (var s = 0; s < perCase.Count; s++)
                for (var c = 0; c < perCase[s].Length; c++) caseDice[arm][s, c] = perCase[s][c];
            var bootstrap = arm == "real" || !caseDice.TryGetValue("real", out var realDice) || realDice.GetLength(1) < 2 ? null
                : BootstrapDifference.Of(Subtract(caseDice[arm], realDice), bootstrapSeed);
            var byImage = Metrics.ToDictionary(m => m, m => arm == "real" || !seedMeans.ContainsKey("real") ? null
                : PairedDifference.Of([.. seedMeans[arm][m].Select((v, i) => v - seedMeans["real"][m][i])], "test images (seed-averaged)"));
            var real = results.FirstOrDefault(r => r.Arm == "real");
            // Paired seed by seed over the seeds both arms trained (a geometric arm's extra seeds have no real partner).
            var bySeed = arm == "real" || real is null ? null
                : PairedDifference.Of([.. seeds.Zip(real.Seeds, (s, r) => s.Means["dice"] - r.Means["dice"])], "seeds");
            // The study scored the enhancing tumour only: its figures belong in no other region's table.
            results.Add(new ArmResult(arm, Arms.Describe(arm, run.N, run.SyntheticPairs), region == "et" ? Arms.StudyFigure(arm) : null, seeds,
                Metrics.ToDictionary(m => m, m => MeanStd.Of([.. seeds.Select(s => s.Means[m])])),
                MeanStd.Of([.. seeds.Select(s => s.StudyPooledDice)]), byImage, bySeed, bootstrap));
        }
        return new RegionTable(region, results, HeadToHeadContrasts(caseDice, bootstrapSeed));
    }

    /// <summary>synthetic - geometric and both - geometric, for those of the arms the run has.</summary>
    private static List<HeadToHead> HeadToHeadContrasts(Dictionary<string, double[,]> caseDice, ulong bootstrapSeed)
    {
        if (!caseDice.TryGetValue("geometric", out var geometric)) return [];
        return [.. HeadToHeadArms.Where(caseDice.ContainsKey).Select(arm => new HeadToHead(arm, "geometric",
            geometric.GetLength(1) < 2 ? null : BootstrapDifference.Of(Subtract(caseDice[arm], geometric), bootstrapSeed)))];
    }

    /// <summary>
    /// Arm minus the other arm, [seed, case]: cell by cell when both trained the same seeds. When one trained K times
    /// as many (the geometric arm with --comparator-seeds K), seed s of the other is set against the mean of its K
    /// seeds s, s + S, s + 2S, ... (S the fewer seeds), so that the difference has S rows, each still one draw of
    /// both arms' training, and a bootstrap over its rows carries both arms' seed-to-seed spread.
    /// </summary>
    public static double[,] Subtract(double[,] arm, double[,] other)
    {
        var seeds = Math.Min(arm.GetLength(0), other.GetLength(0));
        var (a, b) = (SeedGroupMeans(arm, seeds), SeedGroupMeans(other, seeds));
        var difference = new double[seeds, arm.GetLength(1)];
        for (var s = 0; s < seeds; s++)
            for (var c = 0; c < arm.GetLength(1); c++) difference[s, c] = a[s, c] - b[s, c];
        return difference;
    }

    /// <summary>Rows s, s + groups, s + 2 groups, ... averaged into row s.</summary>
    private static double[,] SeedGroupMeans(double[,] dice, int groups)
    {
        var (rows, cases) = (dice.GetLength(0), dice.GetLength(1));
        if (rows % groups != 0) throw new InvalidDataException($"{rows} seeds cannot be set against {groups}: one arm must train a whole multiple of the other's seeds");
        if (rows == groups) return dice;
        var means = new double[groups, cases];
        for (var r = 0; r < rows; r++)
            for (var c = 0; c < cases; c++) means[r % groups, c] += dice[r, c] / (rows / groups);
        return means;
    }

    /// <summary>Each arm's Dice per seed and test case on one region (the first scored when null), with the test
    /// cases in the order of the matrices' columns: what a learning curve resamples.</summary>
    public static (IReadOnlyList<string> Cases, Dictionary<string, double[,]> Dice) CaseDice(ExperimentRun run, string? region = null)
    {
        var rows = ReadPerImage(Path.Combine(run.EvaluationFolder, EvaluationFiles.PerImageCsv));
        region ??= rows.Count > 0 ? rows[0].Region : throw new InvalidDataException($"{run.EvaluationFolder}: per_image.csv has no rows");
        var regionRows = rows.Where(r => r.Region == region).ToList();
        IReadOnlyList<string>? cases = null;
        var dice = new Dictionary<string, double[,]>();
        foreach (var arm in run.Arms)
        {
            var armSeeds = run.SeedsOf(arm);
            var matrix = new double[armSeeds.Count, 0];
            for (var s = 0; s < armSeeds.Count; s++)
            {
                var model = ExperimentRun.ModelName(arm, armSeeds[s]);
                var modelRows = regionRows.Where(r => r.Model == model).OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
                var caseIds = modelRows.Select(r => r.Key.Split('/')[0]).Distinct().ToList();
                cases ??= caseIds;
                if (modelRows.Count == 0 || !caseIds.SequenceEqual(cases)) throw new InvalidDataException($"{run.Folder}: {model} was not scored on the same test cases as the other models");
                if (s == 0) matrix = new double[armSeeds.Count, cases.Count];
                var means = CaseMeans(modelRows);
                for (var c = 0; c < means.Length; c++) matrix[s, c] = means[c];
            }
            dice[arm] = matrix;
        }
        return (cases!, dice);
    }

    /// <summary>Dice per test case, averaged over the case's slices (rows ordered by key, so cases come out in order).</summary>
    private static double[] CaseMeans(IEnumerable<ImageRow> modelRows) =>
        [.. modelRows.GroupBy(r => r.Key.Split('/')[0]).Select(g => g.Average(r => r.Values["dice"]))];

    private sealed record ImageRow(string Model, string Region, string Key, Dictionary<string, double> Values);

    private static List<ImageRow> ReadPerImage(string path)
    {
        var lines = File.ReadAllLines(path);
        var header = lines[0].Split(',');
        int Column(string name) => Array.IndexOf(header, name) is var i and >= 0 ? i : throw new InvalidDataException($"{path} has no column {name}");
        var model = Column("model");
        var region = Column("region");
        var caseColumn = Column("case");
        var slice = Column("slice");
        var columns = Metrics.ToDictionary(m => m, Column);
        return [.. lines.Skip(1).Where(l => l.Length > 0).Select(line =>
        {
            var cells = line.Split(',');
            // Key: case and zero-padded slice, so that every model's images line up in the same order.
            return new ImageRow(cells[model], cells[region], $"{cells[caseColumn]}/{int.Parse(cells[slice], CultureInfo.InvariantCulture):D5}",
                columns.ToDictionary(c => c.Key, c => double.Parse(cells[c.Value], CultureInfo.InvariantCulture)));
        })];
    }

    private static IReadOnlyList<ModelScores> ReadSummaries(string path) => ContractFile.Read<EvaluationSummary>(path).Models;
}
