using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using BrainAug.Contracts;
using BrainAug.Report.Experiment;
using BrainAug.Report.Writing;

namespace BrainAug.Report.Folds;

/// <summary>
/// brainaug-report folds: reads the folds of one cross-validation, or of several (<see cref="FoldRun.Pool"/>), pools
/// them (<see cref="FoldsAnalysis"/>) and writes folds.md (the study's answer, each arm pooled, each fold's means),
/// folds.html and folds.json into the output folder, replacing it whole.
/// </summary>
public static class FoldsReport
{
    public static string Write(IReadOnlyList<string> runs, string? output, ulong seed, string commandLine)
    {
        if (output is null && runs.Count > 1)
            throw new ArgumentException("several --run folders are pooled into a folder of their own: give it with --out");
        var folds = FoldRun.Pool(runs);
        var result = FoldsAnalysis.Analyse(folds, seed);
        output = Path.GetFullPath(output ?? Path.Combine(runs[0], "folds"));
        var staging = output + ".tmp";
        if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        Directory.CreateDirectory(staging);
        try
        {
            var provenance = Provenance(folds, commandLine);
            File.WriteAllText(Path.Combine(staging, "folds.md"), Markdown(result, folds[0].Run.Record.Preset, provenance));
            File.WriteAllText(Path.Combine(staging, "folds.json"), Json(result, folds, provenance));
            File.WriteAllText(Path.Combine(staging, "folds.html"), Html(result, folds[0].Run.Record.Preset, folds, output, provenance));
            if (Directory.Exists(output)) Directory.Delete(output, recursive: true);
            Directory.Move(staging, output);
        }
        catch
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
            throw;
        }
        return $"{folds.Count} folds pooled into {output} (folds.html, folds.md, folds.json)";
    }

    /// <summary>Each cross-validation's command line and commit (one set of keys for one), this command and the folds.</summary>
    private static Dictionary<string, string> Provenance(IReadOnlyList<FoldRun> folds, string commandLine)
    {
        var runs = folds.GroupBy(f => f.CrossValidation).ToList();
        string Key(string what, string run) => runs.Count == 1 ? what : $"{what} ({run})";
        var provenance = new Dictionary<string, string>();
        foreach (var run in runs)
        {
            provenance[Key("experiment command line", run.Key)] = run.First().Run.Record.CommandLine;
            provenance[Key("git commit", run.Key)] = run.First().Run.Record.GitCommit;
        }
        provenance["folds command line"] = commandLine;
        provenance["brainaug version (folds)"] = ProductVersion.Current;
        provenance["folds"] = string.Join(", ", folds.Select(f => runs.Count == 1 ? Path.GetFileName(f.Run.Folder) : f.Run.Folder));
        return provenance;
    }

    /// <summary>What the intervals cover, in one paragraph.</summary>
    public static string Coverage(FoldsResult r) =>
        (r.Runs == 1
            ? $"Every case was tested once, in one of {r.Folds} folds ({r.TestCases} test cases in all); "
            : $"{r.Runs} cross-validations pooled: in each, every case was tested once, in one of its folds ({r.Folds} folds and {r.TestCases} test cases in all); ") +
        "each fold trained both generators and " +
        $"{r.SeedsPerFold} Seg-DNN seed(s) per arm{(r.ComparatorSeeds == 1 ? "" : $" ({r.SeedsPerFold * r.ComparatorSeeds} for geometric, whose mean each head-to-head contrast is measured against)")} " +
        "on its own training cases, the arms paired within the fold. The 95 % intervals come from a " +
        $"nested bootstrap ({r.Resamples} resamples): the folds drawn with replacement, then each drawn fold's seeds and test cases. So they cover " +
        "the test cases, the Seg-DNN seeds and the folds' trainings (which cases were drawn for training, and the generators trained on them); " +
        $"with {r.Folds} folds the spread between trainings is estimated roughly ({r.Folds - 1} degrees of freedom).";

    public static string Markdown(FoldsResult r, string preset, IReadOnlyDictionary<string, string> provenance)
    {
        var md = new StringBuilder();
        md.AppendLine($"# Cross-validation ({preset}): does adding GAN-synthetic pairs help more than geometric augmentation?").AppendLine();
        foreach (var line in TableText.Answers(r.HeadToHead)) md.AppendLine($"**{line}**").AppendLine();
        md.AppendLine(Coverage(r)).AppendLine();
        md.AppendLine("## Each arm, pooled over the folds").AppendLine();
        md.AppendLine("| arm | Dice [95 % interval] | Dice - real [95 % interval] |");
        md.AppendLine("|---|---|---|");
        foreach (var a in r.Pooled)
            md.AppendLine($"| {a.Arm} | {a.Dice.Mean:F3} [{a.Dice.Low:F3}, {a.Dice.High:F3}] | {TableText.Interval(a.VersusReal)} |");
        md.AppendLine().AppendLine(string.Join("; ", r.Pooled.Where(a => a.Arm != "real").Select(a => TableText.Verdict(a.Arm, a.VersusReal))) + ".").AppendLine();
        md.AppendLine("## Each fold").AppendLine();
        md.AppendLine("Mean Dice per fold (over its seeds and test cases); the differences between the folds are what a single split cannot show.").AppendLine();
        var contrasts = r.HeadToHead.Select(h => h.Arm).ToList();
        md.AppendLine("| fold | " + string.Join(" | ", r.Arms) + string.Concat(contrasts.Select(c => $" | {c} - geometric")) + " |");
        md.AppendLine("|---|" + string.Concat(Enumerable.Repeat("---|", r.Arms.Count + contrasts.Count)));
        foreach (var fold in r.FoldMeans.Keys.Select(k => k.Fold).Distinct())
            md.AppendLine("| " + string.Join(" | ", FoldCells(r, fold, contrasts)) + " |");
        md.AppendLine().AppendLine("Each fold's own report (report.md in its folder) has the figures, the generators' quality and the per-seed tables.").AppendLine();
        md.AppendLine("## Provenance").AppendLine();
        foreach (var (key, value) in provenance) md.AppendLine($"- {key}: `{value}`");
        return md.ToString();
    }

    /// <summary>The same as <see cref="Markdown"/> as one self-contained page, with links to each fold's report.</summary>
    /// <param name="output">The folder folds.html is written to, which its links to the folds' reports are relative to.</param>
    public static string Html(FoldsResult r, string preset, IReadOnlyList<FoldRun> folds, string output, IReadOnlyDictionary<string, string> provenance)
    {
        static string E(string s) => WebUtility.HtmlEncode(s);
        static string Row(IEnumerable<string> cells, string tag = "td") => "<tr>" + string.Concat(cells.Select(c => $"<{tag}>{E(c)}</{tag}>")) + "</tr>";
        var html = new StringBuilder();
        html.AppendLine($"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Cross-validation ({E(preset)})</title>");
        html.AppendLine("<style>body{font-family:sans-serif;max-width:60em;margin:2em auto}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2em .6em}</style></head><body>");
        html.AppendLine($"<h1>Cross-validation ({E(preset)}): does adding GAN-synthetic pairs help more than geometric augmentation?</h1>");
        foreach (var line in TableText.Answers(r.HeadToHead)) html.AppendLine($"<p><strong>{E(line)}</strong></p>");
        html.AppendLine($"<p>{E(Coverage(r))}</p><h2>Each arm, pooled over the folds</h2><table>");
        html.AppendLine(Row(["arm", "Dice [95 % interval]", "Dice - real [95 % interval]"], "th"));
        foreach (var a in r.Pooled) html.AppendLine(Row([a.Arm, $"{a.Dice.Mean:F3} [{a.Dice.Low:F3}, {a.Dice.High:F3}]", TableText.Interval(a.VersusReal)]));
        html.AppendLine("</table><h2>Each fold</h2><table>");
        var contrasts = r.HeadToHead.Select(h => h.Arm).ToList();
        html.AppendLine(Row([.. new[] { "fold" }.Concat(r.Arms).Concat(contrasts.Select(c => $"{c} - geometric"))], "th"));
        foreach (var f in folds) html.AppendLine(Row(FoldCells(r, f.Label, contrasts)));
        html.AppendLine("</table><p>Each fold's own report: " + string.Join(", ", folds.Select(f =>
            $"<a href=\"{E(ReportLink(f, output))}\">fold {E(f.Label)}</a>")) + "</p><h2>Provenance</h2><ul>");
        foreach (var (key, value) in provenance) html.AppendLine($"<li>{E(key)}: <code>{E(value)}</code></li>");
        return html.AppendLine("</ul></body></html>").ToString();
    }

    /// <summary>The fold's report.html relative to <paramref name="output"/>, with forward slashes as a link needs.</summary>
    private static string ReportLink(FoldRun fold, string output) =>
        Path.GetRelativePath(output, Path.Combine(fold.Run.Folder, "report", "report.html")).Replace(Path.DirectorySeparatorChar, '/');

    /// <summary>One fold's row: its label, each arm's mean Dice, each head-to-head difference.</summary>
    private static List<string> FoldCells(FoldsResult r, string fold, IReadOnlyList<string> contrasts) =>
    [
        fold, .. r.Arms.Select(arm => r.FoldMeans[(fold, arm)].ToString("F3", CultureInfo.InvariantCulture)),
        .. contrasts.Select(c => TableText.Signed(r.FoldMeans[(fold, c)] - r.FoldMeans[(fold, "geometric")])),
    ];

    private static string Json(FoldsResult r, IReadOnlyList<FoldRun> folds, IReadOnlyDictionary<string, string> provenance)
    {
        static Dictionary<string, object> Interval(BootstrapDifference d) => new() { ["mean"] = d.Mean, ["low"] = d.Low, ["high"] = d.High };
        var json = new Dictionary<string, object?>
        {
            ["folds"] = r.Folds, ["runs"] = r.Runs, ["arms"] = r.Arms, ["seeds_per_fold"] = r.SeedsPerFold, ["comparator_seeds"] = r.ComparatorSeeds, ["test_cases"] = r.TestCases, ["resamples"] = r.Resamples,
            ["interval_covers"] = Coverage(r),
            ["answer"] = TableText.Answers(r.HeadToHead).ToList(),
            ["contrasts"] = r.HeadToHead.Select(h => new Dictionary<string, object?>
            {
                ["arm"] = h.Arm, ["against"] = h.Against, ["dice_difference"] = h.Difference is { } d ? Interval(d) : null,
            }).ToList(),
            ["pooled"] = r.Pooled.Select(a => new Dictionary<string, object?>
            {
                ["arm"] = a.Arm, ["dice"] = Interval(a.Dice),
                ["dice_versus_real"] = a.VersusReal is { } v ? Interval(v) : null,
            }).ToList(),
            ["per_fold"] = folds.Select(f => new Dictionary<string, object>
            {
                ["fold"] = f.Fold, ["run"] = f.CrossValidation, ["dice"] = r.Arms.ToDictionary(arm => arm, arm => r.FoldMeans[(f.Label, arm)]),
            }).ToList(),
            ["provenance"] = provenance, ["brainaug_version"] = ProductVersion.Current,
        };
        return JsonSerializer.Serialize(json, new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }
}
