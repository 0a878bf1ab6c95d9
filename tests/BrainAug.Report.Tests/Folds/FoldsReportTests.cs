using BrainAug.Report.Experiment;
using BrainAug.Report.Folds;

namespace BrainAug.Report.Tests.Folds;

public class FoldsReportTests
{
    [Fact]
    public void FoldRow_DifferenceThatRoundsToZero_HasOneSign()
    {
        // Fold 1: both - geometric = -0.0001, which .NET's "+0.000;-0.000" format wrote as "-+0.000" (a real run did).
        var means = new Dictionary<(string Fold, string Arm), double>
        {
            [("1", "real")] = 0.816, [("1", "geometric")] = 0.8541, [("1", "both")] = 0.854,
            [("2", "real")] = 0.746, [("2", "geometric")] = 0.849, [("2", "both")] = 0.868,
        };
        var dice = new BootstrapDifference(0.85, 0.84, 0.86, 1, 600, 4000);
        var result = new FoldsResult(2, 1, ["real", "geometric", "both"], 1, 1, 600, 4000, means,
            [new PooledArm("real", dice, null), new PooledArm("geometric", dice, dice), new PooledArm("both", dice, dice)],
            [new HeadToHead("both", "geometric", dice)]);

        var markdown = FoldsReport.Markdown(result, "cpu-folds", new Dictionary<string, string>());

        Assert.Contains("| 1 | 0.816 | 0.854 | 0.854 | +0.000 |", markdown);
        Assert.Contains("| 2 | 0.746 | 0.849 | 0.868 | +0.019 |", markdown);
        Assert.DoesNotContain("-+", markdown);
    }
}
