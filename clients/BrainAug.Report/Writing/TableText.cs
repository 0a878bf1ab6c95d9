using BrainAug.Report.Experiment;

namespace BrainAug.Report.Writing;

/// <summary>The results table as text cells, shared by the Markdown and HTML writers.</summary>
public static class TableText
{
    public static readonly string[] Header =
    [
        "arm", "trained on", "Dice", "IoU", "HD95 (mm)", "precision", "recall", "ΔDice vs real, 95% CI (test images)",
        "ΔDice vs real, 95% CI (seeds)", "ΔDice vs real, 95% CI (bootstrap over test cases and seeds)", "study's pooled Dice", "the study reported",
    ];

    /// <param name="studyRegion">The table is of the enhancing tumour, the only region the study scored; in the other
    /// regions' tables the study's column says so instead of "not run".</param>
    public static IEnumerable<string[]> Rows(IReadOnlyList<ArmResult> arms, bool studyRegion) => arms.Select(a => new[]
    {
        a.Arm, a.Description, Cell(a.Metrics["dice"]), Cell(a.Metrics["iou"]), Cell(a.Metrics["hd95_mm"], "F2"),
        Cell(a.Metrics["precision"]), Cell(a.Metrics["recall"]), Interval(a.VersusRealByImage["dice"]), Interval(a.DiceVersusRealBySeed),
        Interval(a.DiceVersusRealBootstrap), Cell(a.StudyPooledDice), !studyRegion ? "– (ET only)" : a.StudyFigure is { } f ? $"{f:F2} %" : "not run",
    });

    public static string Cell(MeanStd s, string format = "F3") => $"{s.Mean.ToString(format)} ± {s.Std.ToString(format)}";

    private static string Interval(PairedDifference? d) => d is null ? "–" : Interval(d.Mean, d.Low, d.High);

    public static string Interval(BootstrapDifference? d) => d is null ? "–" : Interval(d.Mean, d.Low, d.High);

    private static string Interval(double mean, double low, double high) => $"{Signed(mean)} [{Signed(low)}, {Signed(high)}]";

    /// <summary>A signed Dice difference to three places. Rounded first: .NET formats a negative value that rounds to
    /// zero with the positive section and a minus sign ("-+0.000").</summary>
    public static string Signed(double value)
    {
        var rounded = Math.Round(value, 3, MidpointRounding.AwayFromZero);
        return rounded == 0 ? "+0.000" : rounded.ToString("+0.000;-0.000", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The study's question answered from the head-to-head contrasts, one plain sentence each: whether the
    /// synthetic pairs help more than geometric copies, and whether they add to them; nothing without a geometric arm.</summary>
    public static IEnumerable<string> Answers(IReadOnlyList<HeadToHead> contrasts) => contrasts.Select(c => (c.Arm, c.Difference) switch
    {
        (_, null) => $"{c.Arm} - geometric: no interval (one test case), so the study's question is not answered.",
        ("synthetic", { Low: > 0 } d) => $"The synthetic pairs help more than geometric augmentation: synthetic - geometric Dice {Interval(d)}.",
        ("synthetic", { High: < 0 } d) => $"The synthetic pairs help less than geometric augmentation: synthetic - geometric Dice {Interval(d)}.",
        ("synthetic", var d) => $"Not resolved whether the synthetic pairs help more than geometric augmentation: synthetic - geometric Dice {Interval(d)} includes 0.",
        (_, { Low: > 0 } d) => $"Adding the synthetic pairs to the geometric copies helps: {c.Arm} - geometric Dice {Interval(d)}.",
        (_, { High: < 0 } d) => $"Adding the synthetic pairs to the geometric copies hurts: {c.Arm} - geometric Dice {Interval(d)}.",
        (_, var d) => $"Not resolved whether adding the synthetic pairs to the geometric copies helps: {c.Arm} - geometric Dice {Interval(d)} includes 0.",
    });

    /// <summary>What the bootstrap interval says of an arm against real, in plain words.</summary>
    public static string Verdict(ArmResult arm) => Verdict(arm.Arm, arm.DiceVersusRealBootstrap);

    /// <summary>The same for an arm's difference from real, however it was bootstrapped.</summary>
    public static string Verdict(string arm, BootstrapDifference? versusReal) => versusReal switch
    {
        null => $"{arm}: no interval (one test case, or the real arm itself)",
        { Low: > 0 } d => $"{arm} helps: Dice {Interval(d)} against real",
        { High: < 0 } d => $"{arm} hurts: Dice {Interval(d)} against real",
        var d => $"{arm} does not measurably help or hurt: its interval [{Signed(d.Low)}, {Signed(d.High)}] includes 0",
    };
}
