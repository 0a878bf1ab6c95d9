using System.Globalization;
using System.Text;
using System.Text.Json;
using BrainAug.Contracts;
using BrainAug.Plotting;
using ScottPlot;

namespace BrainAug.Report.Curve;

/// <summary>
/// brainaug-report curve: reads a learning curve's points (<see cref="CurvePoint.Under"/>), analyses them
/// (<see cref="LearningCurveAnalysis"/>) and writes curve.png (Dice against real training cases per arm, with
/// intervals), curve.md (the two tables) and curve.json into the output folder, replacing it whole.
/// </summary>
public static class CurveReport
{
    public static string Write(string run, string? output, ulong seed, string commandLine)
    {
        var points = CurvePoint.Under(run);
        var result = LearningCurveAnalysis.Analyse(points, seed);
        output = Path.GetFullPath(output ?? Path.Combine(run, "curve"));
        var staging = output + ".tmp";
        if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        Directory.CreateDirectory(staging);
        try
        {
            var provenance = Provenance(points, commandLine);
            PlotFile.SavePng(Plot(result, points[0].Run.Record.Preset), Path.Combine(staging, "curve.png"), 760, 480);
            File.WriteAllText(Path.Combine(staging, "curve.md"), Markdown(result, provenance));
            File.WriteAllText(Path.Combine(staging, "curve.json"), Json(result, provenance));
            if (Directory.Exists(output)) Directory.Delete(output, recursive: true);
            Directory.Move(staging, output);
        }
        catch
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
            throw;
        }
        return $"learning curve of {points.Count} points written to {output} (curve.md, curve.png, curve.json)";
    }

    private static Dictionary<string, string> Provenance(IReadOnlyList<CurvePoint> points, string commandLine) => new()
    {
        ["experiment command line"] = points[0].Run.Record.CommandLine,
        ["curve command line"] = commandLine,
        ["git commit"] = points[0].Run.Record.GitCommit,
        ["brainaug version (curve)"] = ProductVersion.Current,
        ["points"] = string.Join(", ", points.Select(p => Path.GetFileName(p.Run.Folder))),
    };

    public static string Markdown(CurveResult r, IReadOnlyDictionary<string, string> provenance)
    {
        var md = new StringBuilder();
        md.AppendLine("# Learning curve: Dice against real training cases").AppendLine();
        md.AppendLine($"Mean Dice over {r.Seeds} training seed(s) and {r.TestCases} test cases (the same at every point), with 95 % intervals from " +
                      $"one bootstrap over seeds and test cases ({r.Resamples} resamples, every point and arm resampled together).").AppendLine();
        md.AppendLine("| real training cases | " + string.Join(" | ", r.Arms) + " |");
        md.AppendLine("|---|" + string.Concat(r.Arms.Select(_ => "---|")));
        foreach (var cases in r.Cases)
            md.AppendLine($"| {cases} | " + string.Join(" | ", r.Arms.Select(arm =>
                r.Points.Single(p => p.Arm == arm && p.Cases == cases) is var p ? $"{p.Dice:F3} [{p.Low:F3}, {p.High:F3}]" : "")) + " |");
        md.AppendLine().AppendLine("## Exchange rate: what each arm is worth in real training cases").AppendLine();
        md.AppendLine("Each cell: the real training cases that give, without augmentation, the Dice the arm reaches at that point (read off the real " +
                      "curve, interpolated in log(cases)), with its 95 % interval and the ratio to the cases the point had. " +
                      $"\"< {r.Cases[0]}\" lies below the real curve's first point, \"> {r.Cases[^1]}\" beyond its last (the curve does not extrapolate).").AppendLine();
        var arms = r.Arms.Where(a => a != "real").ToList();
        md.AppendLine("| real training cases | " + string.Join(" | ", arms) + " |");
        md.AppendLine("|---|" + string.Concat(arms.Select(_ => "---|")));
        foreach (var cases in r.Cases)
            md.AppendLine($"| {cases} | " + string.Join(" | ", arms.Select(arm => Cell(r.Exchanges.Single(e => e.Arm == arm && e.Cases == cases), r.Cases))) + " |");
        md.AppendLine().AppendLine("![Dice against real training cases](curve.png)").AppendLine();
        md.AppendLine("## Provenance").AppendLine();
        foreach (var (key, value) in provenance) md.AppendLine($"- {key}: `{value}`");
        return md.ToString();
    }

    private static string Cell(Exchange e, IReadOnlyList<int> cases) =>
        $"{Cases(e.RealCases, cases)} [{Cases(e.Low, cases)}, {Cases(e.High, cases)}]" + (double.IsFinite(e.RealCases) ? $" ({e.RealCases / e.Cases:F2}x)" : "");

    private static string Cases(double value, IReadOnlyList<int> cases) => value switch
    {
        double.NegativeInfinity => $"< {cases[0]}",
        double.PositiveInfinity => $"> {cases[^1]}",
        _ => value.ToString("F0", CultureInfo.InvariantCulture),
    };

    private static string Json(CurveResult r, IReadOnlyDictionary<string, string> provenance)
    {
        // Infinities are not JSON: below / beyond the measured real curve are written as strings.
        object Number(double v) => double.IsFinite(v) ? v : v > 0 ? "beyond" : "below";
        var json = new Dictionary<string, object>
        {
            ["cases"] = r.Cases, ["arms"] = r.Arms, ["seeds"] = r.Seeds, ["test_cases"] = r.TestCases, ["resamples"] = r.Resamples,
            ["dice"] = r.Points.Select(p => new Dictionary<string, object> { ["arm"] = p.Arm, ["cases"] = p.Cases, ["mean"] = p.Dice, ["low"] = p.Low, ["high"] = p.High }).ToList(),
            ["real_cases_equivalent"] = r.Exchanges.Select(e => new Dictionary<string, object>
            {
                ["arm"] = e.Arm, ["cases"] = e.Cases, ["value"] = Number(e.RealCases), ["low"] = Number(e.Low), ["high"] = Number(e.High),
            }).ToList(),
            ["provenance"] = provenance, ["brainaug_version"] = ProductVersion.Current,
        };
        return JsonSerializer.Serialize(json, new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }

    private static readonly Color[] Palette = [Color.FromHex("#1f77b4"), Color.FromHex("#ff7f0e"), Color.FromHex("#2ca02c"), Color.FromHex("#d62728")];

    /// <summary>Dice against log2(cases), one line per arm, each point's interval as a vertical bar (arms nudged apart).</summary>
    public static Plot Plot(CurveResult r, string preset)
    {
        var plot = new Plot();
        for (var a = 0; a < r.Arms.Count; a++)
        {
            var nudge = (a - (r.Arms.Count - 1) / 2.0) * 0.04;
            var points = r.Points.Where(p => p.Arm == r.Arms[a]).OrderBy(p => p.Cases).ToList();
            var xs = points.Select(p => Math.Log2(p.Cases) + nudge).ToArray();
            var line = plot.Add.Scatter(xs, points.Select(p => p.Dice).ToArray());
            line.Color = Palette[a % Palette.Length];
            line.MarkerSize = 6;
            line.LegendText = r.Arms[a];
            for (var i = 0; i < points.Count; i++)
            {
                var bar = plot.Add.Line(xs[i], points[i].Low, xs[i], points[i].High);
                bar.Color = line.Color;
                bar.LineWidth = 2;
            }
        }
        plot.Axes.Bottom.SetTicks([.. r.Cases.Select(c => Math.Log2(c))], [.. r.Cases.Select(c => c.ToString(CultureInfo.InvariantCulture))]);
        plot.Title($"Learning curve ({preset}): Dice against real training cases");
        plot.XLabel("real training cases (log scale)");
        plot.YLabel("test Dice (95 % interval)");
        plot.ShowLegend(Alignment.LowerRight);
        return plot;
    }
}
