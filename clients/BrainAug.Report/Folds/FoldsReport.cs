using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using BrainAug.Contracts;
using BrainAug.Report.Experiment;
using BrainAug.Report.Writing;

namespace BrainAug.Report.Folds;

/// <summary>
/// brainaug-report folds: reads a cross-validation's folds (<see cref="FoldRun.Under"/>), pools them
/// (<see cref="FoldsAnalysis"/>) and writes folds.md (the study's answer, each arm pooled, each fold's means) and
/// folds.json into the output folder, replacing it whole.
/// </summary>
public static class FoldsReport
{
    public static string Write(string run, string? output, ulong seed, string commandLine)
    {
        var folds = FoldRun.Under(run);
        var result = FoldsAnalysis.Analyse(folds, seed);
        output = Path.GetFullPath(output ?? Path.Combine(run, "folds"));
        var staging = output + ".tmp";
        if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        Directory.CreateDirectory(staging);
        try
        {
            var provenance = new Dictionary<string, string>
            {
                ["experiment command line"] = folds[0].Run.Record.CommandLine,
                ["folds command line"] = commandLine,
                ["git commit"] = folds[0].Run.Record.GitCommit,
                ["brainaug version (folds)"] = ProductVersion.Current,
                ["folds"] = string.Join(", ", folds.Select(f => Path.GetFileName(f.Run.Folder))),
            };
            File.WriteAllText(Path.Combine(staging, "folds.md"), Markdown(result, folds[0].Run.Record.Preset, provenance));
            File.WriteAllText(Path.Combine(staging, "folds.json"), Json(result, provenance));
            File.WriteAllText(Path.Combine(staging, "folds.html"), Html(result, folds[0].Run.Record.Preset, folds, provenance));
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

    /// <summary>What the intervals cover, in one paragraph.</summary>
    public static string Coverage(FoldsResult r) =>
        $"Every case was tested once, in one of {r.Folds} folds ({r.TestCases} test cases in all); each fold trained both generators and " +
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
        foreach (var fold in r.FoldMeans.Keys.Select(k => k.Fold).Distinct().Order())
            md.AppendLine("| " + string.Join(" | ", FoldCells(r, fold, contrasts)) + " |");
        md.AppendLine().AppendLine("Each fold's own report (report.md in its folder) has the figures, the generators' quality and the per-seed tables.").AppendLine();
        md.AppendLine("## Provenance").AppendLine();
        foreach (var (key, value) in provenance) md.AppendLine($"- {key}: `{value}`");
        return md.ToString();
    }

    /// <summary>The same as <see cref="Markdown"/> as one self-contained page, with links to each fold's report.</summary>
    public static string Html(FoldsResult r, string preset, IReadOnlyList<FoldRun> folds, IReadOnlyDictionary<string, string> provenance)
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
        foreach (var f in folds) html.AppendLine(Row(FoldCells(r, f.Fold, contrasts)));
        html.AppendLine("</table><p>Each fold's own report: " + string.Join(", ", folds.Select(f =>
            $"<a href=\"../{E(Path.GetFileName(f.Run.Folder))}/report/report.html\">fold {f.Fold}</a>")) + "</p><h2>Provenance</h2><ul>");
        foreach (var (key, value) in provenance) html.AppendLine($"<li>{E(key)}: <code>{E(value)}</code></li>");
        return html.AppendLine("</ul></body></html>").ToString();
    }

    /// <summary>One fold's row: its number, each arm's mean Dice, each head-to-head difference.</summary>
    private static List<string> FoldCells(FoldsResult r, int fold, IReadOnlyList<string> contrasts) =>
    [
        fold.ToString(CultureInfo.InvariantCulture), .. r.Arms.Select(arm => r.FoldMeans[(fold, arm)].ToString("F3", CultureInfo.InvariantCulture)),
        .. contrasts.Select(c => TableText.Signed(r.FoldMeans[(fold, c)] - r.FoldMeans[(fold, "geometric")])),
    ];

    private static string Json(FoldsResult r, IReadOnlyDictionary<string, string> provenance)
    {
        static Dictionary<string, object> Interval(BootstrapDifference d) => new() { ["mean"] = d.Mean, ["low"] = d.Low, ["high"] = d.High };
        var json = new Dictionary<string, object?>
        {
            ["folds"] = r.Folds, ["arms"] = r.Arms, ["seeds_per_fold"] = r.SeedsPerFold, ["comparator_seeds"] = r.ComparatorSeeds, ["test_cases"] = r.TestCases, ["resamples"] = r.Resamples,
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
            ["per_fold"] = r.FoldMeans.GroupBy(p => p.Key.Fold).OrderBy(g => g.Key)
                .Select(g => new Dictionary<string, object> { ["fold"] = g.Key, ["dice"] = g.ToDictionary(p => p.Key.Arm, p => p.Value) }).ToList(),
            ["provenance"] = provenance, ["brainaug_version"] = ProductVersion.Current,
        };
        return JsonSerializer.Serialize(json, new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }
}
