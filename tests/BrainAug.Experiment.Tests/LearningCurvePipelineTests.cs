using System.Globalization;
using System.Text.Json.Nodes;
using BrainAug.Contracts;
using BrainAug.Contracts.Data;

namespace BrainAug.Experiment.Tests;

/// <summary>
/// The learning curve end to end on the tiny-curve preset (an 8-case phantom, 2 and 4 real training cases, tiny
/// networks, one seed): both points run as whole experiments on nested training cases with the same test cases, and
/// brainaug-report curve's numbers are checked against the points' own evaluations.
/// </summary>
[Trait("Category", "Slow")]
[Collection(MainJobCollection.Name)]
public class LearningCurvePipelineTests : IDisposable
{
    private static readonly string[] CurveArms = ["real", "geometric", "synthetic", "both"];
    private readonly string _run = Path.Combine(Directory.CreateTempSubdirectory("brainaug-curve-").FullName, "run");

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(_run)!, recursive: true);

    [Fact]
    public void TinyCurve_RunsEachPointOnNestedCases_AndItsNumbersComeFromThePointsEvaluations()
    {
        var (code, output) = MainJobPipelineTests.MainJob(["--preset", "tiny-curve", "--run", _run, "--skip-setup"]);
        Assert.True(code == 0, output);

        var splits = new[] { 2, 4 }.Select(n => ContractFile.Read<SplitFile>(Path.Combine(Point(n), SplitFile.FileName))).ToList();
        Assert.Equal([2, 4], splits.Select(s => s.Train.Count));
        Assert.Subset(splits[1].Train.ToHashSet(), splits[0].Train.ToHashSet());
        Assert.Equal(splits[0].Test, splits[1].Test);
        Assert.Equal(splits[0].Validation, splits[1].Validation);
        foreach (var n in new[] { 2, 4 })
        {
            Assert.True(File.Exists(Path.Combine(Point(n), "report", "report.md")), $"point {n} has no report");
            Assert.False(Directory.Exists(Path.Combine(Point(n), "train", "seg-synthetic-only-s1")), "the curve leaves synthetic-only out");
            Assert.Equal(Path.Combine(_run, "data"), ContractFile.Read<BrainAug.Contracts.Experiment.ExperimentRecord>(Path.Combine(Point(n), "experiment.json")).Data);
        }

        var curve = Path.Combine(_run, "curve");
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(curve, "curve.json")))!;
        Assert.Equal([2, 4], json["cases"]!.AsArray().Select(c => c!.GetValue<int>()));
        Assert.Equal(CurveArms, json["arms"]!.AsArray().Select(a => a!.GetValue<string>()));
        var dice = json["dice"]!.AsArray();
        Assert.Equal(8, dice.Count);
        foreach (var d in dice)
        {
            var (arm, cases) = (d!["arm"]!.GetValue<string>(), d["cases"]!.GetValue<int>());
            Assert.InRange(d["mean"]!.GetValue<double>(), d["low"]!.GetValue<double>(), d["high"]!.GetValue<double>());
            Assert.Equal(CaseAveragedDice(Point(cases), $"seg-{arm}-s1"), d["mean"]!.GetValue<double>(), 9);
        }
        Assert.Equal(6, json["real_cases_equivalent"]!.AsArray().Count); // three augmented arms at two points
        var png = File.ReadAllBytes(Path.Combine(curve, "curve.png"));
        Assert.True(png.Length > 1000 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G');
        var markdown = File.ReadAllText(Path.Combine(curve, "curve.md"));
        Assert.Contains("## Exchange rate", markdown);
        Assert.Contains("--preset tiny-curve", markdown);

        // A rerun of the same command skips every finished stage of every point and the curve itself.
        (code, output) = MainJobPipelineTests.MainJob(["--preset", "tiny-curve", "--run", _run, "--skip-setup"]);
        Assert.True(code == 0, output);
        Assert.Contains("curve: done in an earlier run, skipped", output);
        Assert.DoesNotContain(": started", output);
    }

    private string Point(int cases) => Path.Combine(_run, $"n{cases:D3}");

    /// <summary>A model's Dice per test case (averaged over the case's slices), averaged over the cases, from per_image.csv.</summary>
    private static double CaseAveragedDice(string point, string model)
    {
        var lines = File.ReadAllLines(Path.Combine(point, "evaluation", "per_image.csv"));
        var header = lines[0].Split(',');
        int Column(string name) => Array.IndexOf(header, name);
        return lines.Skip(1).Where(l => l.Length > 0).Select(l => l.Split(','))
            .Where(c => c[Column("model")] == model)
            .GroupBy(c => c[Column("case")])
            .Average(g => g.Average(c => double.Parse(c[Column("dice")], CultureInfo.InvariantCulture)));
    }
}
