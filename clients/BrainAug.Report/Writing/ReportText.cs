using System.Net;
using System.Text;
using BrainAug.Contracts;
using BrainAug.Contracts.Data;
using BrainAug.Contracts.Experiment;
using BrainAug.Contracts.Generation;
using BrainAug.Report.Experiment;
using BrainAug.Report.Quality;

namespace BrainAug.Report.Writing;

/// <summary>report.md (figures linked from figures/) and report.html (one file, figures embedded as base64 PNG).
/// Both say the same things in the same order.</summary>
public static class ReportText
{
    public static void WriteMarkdown(string path, ReportContent c)
    {
        var md = new StringBuilder();
        md.AppendLine("# BrainAug experiment report").AppendLine();
        foreach (var line in Introduction(c)) md.AppendLine(line).AppendLine();
        md.AppendLine("## Results on the real test slices").AppendLine();
        foreach (var table in c.Tables)
        {
            if (c.Tables.Count > 1) md.AppendLine($"### {table.Title}").AppendLine();
            md.AppendLine("| " + string.Join(" | ", TableText.Header) + " |");
            md.AppendLine("|" + string.Concat(TableText.Header.Select(_ => "---|")));
            foreach (var row in TableText.Rows(table.Arms, studyRegion: table.Region == "et")) md.AppendLine("| " + string.Join(" | ", row) + " |");
            md.AppendLine();
            foreach (var line in Verdicts(table.Arms)) md.AppendLine(line).AppendLine();
            foreach (var line in TableText.Answers(table.HeadToHead)) md.AppendLine($"**{line}**").AppendLine();
        }
        foreach (var line in TableNotes(c)) md.AppendLine(line).AppendLine();
        md.AppendLine("## Synthetic-data quality").AppendLine();
        foreach (var line in QualityLines(c)) md.AppendLine("- " + line);
        md.AppendLine();
        md.AppendLine("## Figures").AppendLine();
        foreach (var f in c.Figures) md.AppendLine($"### {f.Title}").AppendLine().AppendLine($"![{f.Title}](figures/{f.File})").AppendLine().AppendLine(f.Caption).AppendLine();
        md.AppendLine("## Provenance").AppendLine();
        foreach (var (key, value) in Provenance(c)) md.AppendLine($"- {key}: `{value}`");
        File.WriteAllText(path, md.ToString());
    }

    public static void WriteHtml(string path, ReportContent c, string figuresFolder)
    {
        static string E(string s) => WebUtility.HtmlEncode(s);
        var html = new StringBuilder();
        html.AppendLine("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>BrainAug experiment report</title><style>")
            .AppendLine("body{font-family:sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}table{border-collapse:collapse;font-size:13px}")
            .AppendLine("td,th{border:1px solid #bbb;padding:4px 6px;text-align:left}th{background:#eee}img{max-width:100%}code{background:#f4f4f4;padding:1px 3px}")
            .AppendLine("figure{margin:1.5em 0}figcaption{font-size:13px;color:#555}</style></head><body>");
        html.AppendLine("<h1>BrainAug experiment report</h1>");
        foreach (var line in Introduction(c)) html.AppendLine($"<p>{E(line)}</p>");
        html.AppendLine("<h2>Results on the real test slices</h2>");
        foreach (var table in c.Tables)
        {
            if (c.Tables.Count > 1) html.AppendLine($"<h3>{E(table.Title)}</h3>");
            html.AppendLine("<table><tr>" + string.Concat(TableText.Header.Select(h => $"<th>{E(h)}</th>")) + "</tr>");
            foreach (var row in TableText.Rows(table.Arms, studyRegion: table.Region == "et")) html.AppendLine("<tr>" + string.Concat(row.Select(cell => $"<td>{E(cell)}</td>")) + "</tr>");
            html.AppendLine("</table>");
            foreach (var line in Verdicts(table.Arms)) html.AppendLine($"<p>{E(line)}</p>");
            foreach (var line in TableText.Answers(table.HeadToHead)) html.AppendLine($"<p><strong>{E(line)}</strong></p>");
        }
        foreach (var line in TableNotes(c)) html.AppendLine($"<p>{E(line)}</p>");
        html.AppendLine("<h2>Synthetic-data quality</h2><ul>" + string.Concat(QualityLines(c).Select(l => $"<li>{E(l)}</li>")) + "</ul>");
        html.AppendLine("<h2>Figures</h2>");
        foreach (var f in c.Figures)
        {
            var png = Convert.ToBase64String(File.ReadAllBytes(Path.Combine(figuresFolder, f.File)));
            html.AppendLine($"<figure><h3>{E(f.Title)}</h3><img alt=\"{E(f.Title)}\" src=\"data:image/png;base64,{png}\"><figcaption>{E(f.Caption)}</figcaption></figure>");
        }
        html.AppendLine("<h2>Provenance</h2><ul>" + string.Concat(Provenance(c).Select(p => $"<li>{E(p.Key)}: <code>{E(p.Value)}</code></li>")) + "</ul>");
        html.AppendLine("</body></html>");
        File.WriteAllText(path, html.ToString());
    }

    /// <summary>The geometric arm's extra seeds, said where the seeds are counted.</summary>
    private static string ComparatorSeeds(ExperimentRun run) => run.Record.ComparatorSeeds == 1 ? ""
        : $" ({run.SeedsOf(ExperimentArms.Geometric).Count} for geometric, the arm both head-to-head contrasts are measured against: each contrast sets " +
          $"one seed of its arm against the mean of {run.Record.ComparatorSeeds} geometric ones)";

    private static IEnumerable<string> Introduction(ReportContent c)
    {
        var s = c.Run.Seg;
        yield return $"Does adding GAN-synthetic pairs to a small real training set help a tumour segmenter more than geometric augmentation? " +
                     $"{c.Arms.Count} arms x {c.Run.Seeds.Count} seed(s) of Seg-DNN (U-Net){ComparatorSeeds(c.Run)}, same hyper-parameters, same real training images " +
                     $"({c.Run.Record.RealTrainingImages}), same validation and test cases; N = {c.Run.N}" +
                     (c.Run.SyntheticPairs == c.Run.N ? "." : $" geometric copies and {c.Run.SyntheticPairs} synthetic pairs ({c.Run.Record.SyntheticPerReal} per real image).");
        yield return $"Data: {c.Run.Data} (preset {c.Run.Record.Preset}); slices: modalities {s.Modalities}, region {Words.Of(s.Region)}, policy {s.Policy}, " +
                     $"{s.Size}x{s.Size}, split seed {c.Run.Split.SplitSeed}.";
        if (c.Run.Record.Tumours == TumourSources.Real)
            yield return "The synthetic pairs' new tumours are real training tumours (--tumours real), moved, scaled and rotated, painted by the brain " +
                         "generator; the tumour generator drew none of them, so these arms measure the painting, not the tumour generator.";
        if (c.Run.Brain?.Policy is { } policy && policy != s.Policy)
            yield return $"The generators learned from the training cases' slices of policy {policy}, more than the Seg-DNN's real set " +
                         "(same patients, no validation or test case), so the synthetic arms carry information from real slices the real arm did not see.";
        var phantom = Path.Combine(c.Run.Data, DatasetFiles.PhantomManifest);
        if (File.Exists(phantom) && File.ReadAllText(phantom).Contains("\"difficulty\": \"realistic\"", StringComparison.Ordinal))
            yield return "The data is BrainAug's realistic phantom, not patient MRI: lesions anywhere, multifocal and non-enhancing cases, normal " +
                         "structures that enhance, varied acquisition; harder than the easy phantom, but no claim about real MRI follows from it alone.";
        else if (File.Exists(phantom))
            yield return "The data is BrainAug's synthetic phantom, not patient MRI: its tumours are far easier to find than real ones, so every arm " +
                         "scores near the ceiling and the differences below say little about real data. Run the paper preset on MSD Task01 or BraTS for that.";
    }

    private static IEnumerable<string> TableNotes(ReportContent c)
    {
        yield return "Dice, IoU, HD95, precision and recall: per test slice at threshold 0.5, averaged over the slices for each seed, then mean ± " +
                     "sample standard deviation over seeds. ΔDice: arm minus real with a 95 % Student-t interval, paired over test slices " +
                     "(each slice's Dice averaged over seeds; ignores seed-to-seed spread) and paired over seeds (needs two or more seeds). " +
                     "The interval to cite is the bootstrap one: seeds and test cases resampled independently with replacement " +
                     $"({BootstrapDifference.DefaultResamples} resamples, seeded by the report's --seed), each (seed, case) pair's arm and real Dice kept together" +
                     (c.Run.Record.ComparatorSeeds == 1 ? "" : $" (the geometric arm's {c.Run.Record.ComparatorSeeds} seeds per seed of the others averaged first)") + ", " +
                     "2.5th and 97.5th percentiles of the mean difference; it accounts for both the test cases and the training seeds. " +
                     "It does not cover which cases were drawn for training (one split, one set of generators): another draw of the same " +
                     "data moves the differences, enough to change a verdict that sits near the edge of its interval.";
        if (c.Tables.Count > 1)
            yield return "A regions Seg-DNN's three channels (WT, TC, ET) become one label map at the threshold (the innermost region winning), and " +
                         "each region is scored on it against the truth's region, as BraTS scores a submission; empty regions follow BraTS's convention " +
                         "(both empty: Dice 1, HD95 0; one empty: Dice 0, HD95 the slice diagonal).";
        yield return "The study's pooled Dice is its own figure (Dice over the pixels of consecutive batches of 10 slices at threshold 0.7), " +
                     "computed here for comparability. 'The study reported' quotes its numbers (58.9 / 60.45 / 63.23 %, labelled IoU in the study) " +
                     "for real / real + 290 geometric / real + 290 GAN pairs, on its 290 MSD images: its figures on its data, not ours.";
    }

    /// <summary>The design's resolution and each arm's verdict against real, for one table.</summary>
    private static IEnumerable<string> Verdicts(IReadOnlyList<ArmResult> arms)
    {
        var widths = arms.Where(a => a.DiceVersusRealBootstrap is not null).Select(a => $"{a.Arm} ±{a.DiceVersusRealBootstrap!.HalfWidth:F3}").ToList();
        if (widths.Count == 0) yield break;
        yield return $"Smallest difference this design detects (the bootstrap interval's half-width, Dice): {string.Join(", ", widths)}.";
        yield return string.Join("; ", arms.Where(a => a.Arm != "real").Select(TableText.Verdict)) + ".";
    }

    private static IEnumerable<string> QualityLines(ReportContent c)
    {
        var q = c.Quality;
        foreach (var (name, value) in q.FrechetDistances)
            yield return $"Fréchet distance in the Seg-DNN encoder space ({q.FeatureSize} features of {ExperimentRun.ModelName("real", 1)}), {name}: {value:F4}";
        foreach (var d in q.Diversity)
            yield return $"Diversity, mean pairwise SSIM of {d.Set} slices ({d.Pairs} pairs): {d.MeanSsim:F3} ± {d.Std:F3} (lower = more varied)";
        yield return "Fréchet distances depend on the sample sizes (in brackets): compare the reference only with the synthetic set drawn at its size. " +
                     "They are measured in this run's own Seg-DNN, whose features change with the run's seeds and the machine: compare them within this run only.";
        foreach (var line in FixedSpaceLines(q.FixedSpace)) yield return line;
        var m = q.Memorisation;
        if (c.Run.Brain?.WithOutline == true)
            yield return "The brain generator draws each synthetic slice inside the brain outline of a real training slice, so synthetic slices " +
                         "resemble their outline's source slice by design; the closest pairs below show whether more than the outline is copied.";
        yield return $"Memorisation: RMS distance to the nearest real training slice, synthetic median {m.SyntheticMedian:F4} (minimum {m.SyntheticMinimum:F4}) " +
                     $"vs unseen real test slices median {m.RealTestMedian:F4} (minimum {m.RealTestMinimum:F4}); " +
                     $"{m.SyntheticCloserThanAnyTest} of {m.Synthetic.Count} synthetic slices are closer to a training slice than any test slice is.";
        if (c.Run.Brain?.Inpaints == true)
            yield return "The brain generator paints tumours into real training slices, so the whole-slice distances above are small by design " +
                         "(the host is a training slice); the tumour check below looks at the painted tumours alone.";
        if (q.TumourMemorisation is { } t)
            yield return $"Tumour memorisation: RMS distance of each painted tumour's patch to the nearest real training tumour's, median {t.SyntheticMedian:F4} " +
                         $"(minimum {t.SyntheticMinimum:F4}) vs unseen real test tumours median {t.RealTestMedian:F4} (minimum {t.RealTestMinimum:F4}); " +
                         $"{t.SyntheticCloserThanAnyTest} of {t.Synthetic.Count} painted tumours are closer to a training tumour than any test tumour is.";
    }

    /// <summary>The kernel distance and the two-sample test, one line per set, then what they mean.</summary>
    private static IEnumerable<string> FixedSpaceLines(IReadOnlyList<FixedSpaceComparison> comparisons)
    {
        foreach (var f in comparisons)
        {
            var kid = f.Kid is { } k ? $"kernel distance (KID, unbiased) x 1000 {1000 * k.Value:F3} [{1000 * k.Low:F3}, {1000 * k.High:F3}]" : "too few tumours for the kernel distance";
            var classifier = f.Classifier is { } a
                ? $"a classifier tells them apart with held-out accuracy {a.Accuracy:F3} [{a.Low:F3}, {a.High:F3}] ({a.PerSet} tumours per set, {a.Folds}-fold)"
                : "too few tumours for the two-sample test";
            yield return $"Tumours in {FixedFeatures.Name}, {f.Set} ({f.Tumours}) vs real train ({f.TrainTumours}): {kid}; {classifier}";
        }
        yield return $"{FixedFeatures.Name} is a feature space no run trains (tumour patches: area, intensity and gradient histograms, fixed random filters), " +
                     "so its kernel distances and classifier accuracies compare across runs, seeds and machines of the same protocol. " +
                     "Kernel distance 0 and accuracy 0.5 mean the tumours are indistinguishable from real training tumours; the real test row is what unseen real tumours score.";
    }

    private static IEnumerable<KeyValuePair<string, string>> Provenance(ReportContent c)
    {
        yield return new("main job command line", c.Run.Record.CommandLine);
        yield return new("report command line", c.ReportCommandLine);
        yield return new("git commit", c.Run.Record.GitCommit);
        yield return new("brainaug version (report)", ProductVersion.Current);
        yield return new("seeds", string.Join(", ", c.Run.Seeds) + (c.Run.Record.ComparatorSeeds == 1 ? "" : $" (geometric: {string.Join(", ", c.Run.SeedsOf(ExperimentArms.Geometric))})"));
        yield return new("models", string.Join(", ", c.Arms.SelectMany(a => a.Seeds).Select(s => $"{s.Model}:{s.Version} sha256 {s.Sha256[..12]}")));
        foreach (var (key, value) in c.Environment) yield return new(key, value.ToString() ?? "");
        yield return new("executor", c.Run.Record.Executor);
        if (c.Run.Record.SlurmJobs is { } jobs)
            yield return new("slurm job ids", string.Join("; ", jobs.Select(j => $"{j.Key}: {string.Join(", ", j.Value)}")));
        yield return new("restarted stages", c.Run.Restarts.Count == 0 ? "none"
            : string.Join("; ", c.Run.Restarts.Select(r => $"{r.Stage}: {r.Reason}, {(r.FromCheckpoint ? "resumed from its last checkpoint" : "started again")}")));
        yield return new("created", c.Created.ToString("u"));
    }
}
