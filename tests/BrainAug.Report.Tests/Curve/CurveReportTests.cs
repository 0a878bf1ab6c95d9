using BrainAug.Report.Curve;

namespace BrainAug.Report.Tests.Curve;

public class CurveReportTests
{
    [Fact]
    public void Markdown_SaysBelowAndBeyondTheRealCurve_InsteadOfExtrapolating()
    {
        // Real 0.5 .. 0.8 at 35 .. 280 cases; synthetic 0.1 ahead (70 real cases' worth at 35, beyond the curve at 280);
        // geometric 0.05 behind (below the real curve's first point at 35).
        double[] real = [0.5, 0.6, 0.7, 0.8];
        var points = real.Select(r => (IReadOnlyDictionary<string, double[,]>)new Dictionary<string, double[,]>
        {
            ["real"] = Filled(r), ["geometric"] = Filled(r - 0.05), ["synthetic"] = Filled(r + 0.1),
        }).ToList();
        var result = LearningCurveAnalysis.Analyse([35, 70, 140, 280], ["real", "geometric", "synthetic"], points, seed: 1);
        var markdown = CurveReport.Markdown(result, new Dictionary<string, string> { ["curve command line"] = "brainaug-report curve --run X" });

        var rows = markdown.Split('\n');
        var exchangeAt35 = rows.SkipWhile(l => !l.StartsWith("## Exchange rate")).First(l => l.StartsWith("| 35 |"));
        Assert.Equal("| 35 | < 35 [< 35, < 35] | 70 [70, 70] (2.00x) |", exchangeAt35);
        var exchangeAt280 = rows.SkipWhile(l => !l.StartsWith("## Exchange rate")).First(l => l.StartsWith("| 280 |"));
        Assert.Contains("> 280 [> 280, > 280]", exchangeAt280);
        Assert.Contains("| 70 | 0.600 [0.600, 0.600] | 0.550 [0.550, 0.550] | 0.700 [0.700, 0.700] |", markdown);
        Assert.Contains("- curve command line: `brainaug-report curve --run X`", markdown);
    }

    private static double[,] Filled(double dice)
    {
        var matrix = new double[2, 10];
        for (var s = 0; s < 2; s++)
            for (var c = 0; c < 10; c++) matrix[s, c] = dice;
        return matrix;
    }
}
