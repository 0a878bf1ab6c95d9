using BrainAug.Plotting;
using BrainAug.Report.Experiment;
using BrainAug.Report.Figures;
using BrainAug.Report.Quality;

namespace BrainAug.Report.Writing;

/// <summary>What brainaug-report was asked for.</summary>
public sealed record ReportSettings(string Run, string? Out, int MaxPoints, ulong Seed, string CommandLine);

/// <summary>
/// Builds the report of a main-job run: the results table (<see cref="ResultsTable"/>), the quality measures
/// (<see cref="QualityAnalysis"/>) and the figures (<see cref="ReportFigures"/>), written as report.json, report.md and
/// report.html into a hidden folder first and renamed at the end, so an interrupted report leaves none.
/// </summary>
public static class ReportBuilder
{
    public static string Write(ReportSettings settings, Action<string> progress)
    {
        var run = ExperimentRun.Open(settings.Run);
        var output = Path.GetFullPath(settings.Out ?? run.Layout.Report);
        // Charts without text are refused: find that out before the work, not at the first chart.
        if (PlotText.Problem(Plots.LossCurvesPlot([("real", [[1.0]])])) is { } fontProblem) throw new PlotTextException(output, fontProblem);
        var staging = Path.Combine(Path.GetDirectoryName(output)!, $".{Path.GetFileName(output)}.tmp");
        if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        try
        {
            var tables = WriteInto(staging, run, settings, progress);
            if (Directory.Exists(output)) Directory.Delete(output, recursive: true);
            Directory.Move(staging, output);
            return Summary(tables, output);
        }
        catch
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true); // a report that fails leaves nothing behind
            throw;
        }
    }

    /// <summary>Computes everything and writes report.json, report.md, report.html and figures/ into <paramref name="staging"/>.</summary>
    private static IReadOnlyList<RegionTable> WriteInto(string staging, ExperimentRun run, ReportSettings settings, Action<string> progress)
    {
        var figures = Path.Combine(staging, "figures");
        Directory.CreateDirectory(figures);
        progress("results table from the evaluation");
        var tables = ResultsTable.BuildPerRegion(run, settings.Seed);
        progress("real, synthetic and geometric slices");
        var slices = ReportSlices.Load(run);
        using var encoder = new SegDnnModel(run.ModelFile(ExperimentRun.ModelName("real", 1)));
        var inpainted = InpaintedPairs.Load(run.SyntheticFolder, slices.Synthetic, slices.RealTrain);
        var quality = QualityAnalysis.Run(slices, inpainted, run.Brain?.RegionMargin ?? 0, encoder, settings.MaxPoints, settings.Seed, progress);
        progress("figures");
        var figureList = ReportFigures.Draw(run, slices, inpainted, quality, figures);

        var content = new ReportContent(run, settings.CommandLine, tables, quality, figureList,
            MachineEnvironment.Describe(run.Summary(run.TrainingFolder("real", 1)).Device), DateTimeOffset.Now);
        ReportJson.Write(Path.Combine(staging, "report.json"), content);
        ReportText.WriteMarkdown(Path.Combine(staging, "report.md"), content);
        ReportText.WriteHtml(Path.Combine(staging, "report.html"), content, figures);
        return tables;
    }

    private static string Summary(IReadOnlyList<RegionTable> tables, string output)
    {
        var lines = tables.SelectMany(t => t.Arms.Select(a =>
            $"  {(tables.Count > 1 ? t.Region + " " : "")}{a.Arm,-15} Dice {TableText.Cell(a.Metrics["dice"])}  study pooled Dice {TableText.Cell(a.StudyPooledDice)}"));
        return "report: Dice per arm (mean ± std over seeds)\n" + string.Join('\n', lines) +
               $"\nreport written: {Path.Combine(output, "report.html")} (self-contained), report.md, report.json, figures/";
    }
}
