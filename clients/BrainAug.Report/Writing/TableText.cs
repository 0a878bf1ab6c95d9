using BrainAug.Report.Experiment;

namespace BrainAug.Report.Writing;

/// <summary>The results table as text cells, shared by the Markdown and HTML writers.</summary>
public static class TableText
{
    public static readonly string[] Header =
    [
        "arm", "trained on", "Dice", "IoU", "HD95 (mm)", "precision", "recall", "ΔDice vs real, 95% CI (test images)",
        "ΔDice vs real, 95% CI (seeds)", "study's pooled Dice", "the study reported",
    ];

    public static IEnumerable<string[]> Rows(IReadOnlyList<ArmResult> arms) => arms.Select(a => new[]
    {
        a.Arm, a.Description, Cell(a.Metrics["dice"]), Cell(a.Metrics["iou"]), Cell(a.Metrics["hd95_mm"], "F2"),
        Cell(a.Metrics["precision"]), Cell(a.Metrics["recall"]), Interval(a.VersusRealByImage["dice"]), Interval(a.DiceVersusRealBySeed),
        Cell(a.StudyPooledDice), a.StudyFigure is { } f ? $"{f:F2} %" : "not run",
    });

    public static string Cell(MeanStd s, string format = "F3") => $"{s.Mean.ToString(format)} ± {s.Std.ToString(format)}";

    private static string Interval(PairedDifference? d) => d is null ? "–" : $"{d.Mean:+0.000;-0.000} [{d.Low:+0.000;-0.000}, {d.High:+0.000;-0.000}]";
}
