using System.Globalization;
using System.Text.Json.Nodes;
using BrainAug.Contracts;
using BrainAug.Contracts.Data;
using BrainAug.Contracts.Experiment;

namespace BrainAug.Experiment.Tests;

/// <summary>
/// The cross-validation end to end on the tiny-folds preset (a 6-case phantom, 3 folds of 2 test cases, tiny networks,
/// one seed per arm, two for geometric): every fold runs as a whole experiment with its own generators on cases it does not test, the folds test
/// every case once, and brainaug-report folds' pooled numbers are checked against the folds' own evaluations.
/// </summary>
[Trait("Category", "Slow")]
[Collection(MainJobCollection.Name)]
public class FoldsPipelineTests : IDisposable
{
    private readonly string _run = Path.Combine(Directory.CreateTempSubdirectory("brainaug-folds-").FullName, "run");

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(_run)!, recursive: true);

    [Fact]
    public void TinyFolds_TestEveryCaseOnce_TrainOnOtherCases_AndPoolThePerImageDice()
    {
        var (code, output) = MainJobPipelineTests.MainJob(["--preset", "tiny-folds", "--run", _run, "--skip-setup"]);
        Assert.True(code == 0, output);

        var cases = Directory.GetDirectories(Path.Combine(_run, "data")).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        var splits = new[] { 1, 2, 3 }.Select(f => ContractFile.Read<SplitFile>(Path.Combine(Fold(f), SplitFile.FileName))).ToList();
        Assert.Equal(6, cases.Count);
        Assert.Equal(cases, splits.SelectMany(s => s.Test).Order(StringComparer.Ordinal));
        foreach (var (split, f) in splits.Select((s, i) => (s, i + 1)))
        {
            Assert.Equal(2, split.Test.Count);
            Assert.Empty(split.Train.Concat(split.Validation).Intersect(split.Test));
            Assert.Equal(Path.Combine(_run, "data"), ContractFile.Read<ExperimentRecord>(Path.Combine(Fold(f), "experiment.json")).Data);
            foreach (var generator in new[] { "brain", "tumour" })
                Assert.True(Directory.Exists(Path.Combine(Fold(f), "train", generator)), $"fold {f} trained no {generator} generator of its own");
            Assert.Equal(["seg-geometric-s1", "seg-geometric-s2"], Directory.GetDirectories(Path.Combine(Fold(f), "train"), "seg-geometric-*")
                .Select(Path.GetFileName).Order(StringComparer.Ordinal));
            Assert.False(Directory.Exists(Path.Combine(Fold(f), "train", "seg-both-s2")), $"fold {f} trained a second seed of an arm other than geometric");
            Assert.True(File.Exists(Path.Combine(Fold(f), "report", "report.md")), $"fold {f} has no report");
        }

        var folds = Path.Combine(_run, "folds");
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(folds, "folds.json")))!;
        Assert.Equal(3, json["folds"]!.GetValue<int>());
        Assert.Equal((1, 2), (json["seeds_per_fold"]!.GetValue<int>(), json["comparator_seeds"]!.GetValue<int>()));
        Assert.Equal(6, json["test_cases"]!.GetValue<int>());
        var pooled = json["pooled"]!.AsArray().ToDictionary(a => a!["arm"]!.GetValue<string>(), a => a!["dice"]!);
        Assert.Equal(ExperimentArms.All, pooled.Keys);
        foreach (var (arm, dice) in pooled)
        {
            Assert.InRange(dice["mean"]!.GetValue<double>(), dice["low"]!.GetValue<double>(), dice["high"]!.GetValue<double>());
            Assert.Equal(PooledArmDice(arm), dice["mean"]!.GetValue<double>(), 9);
        }
        var contrasts = json["contrasts"]!.AsArray();
        Assert.Equal(["synthetic", "both"], contrasts.Select(c => c!["arm"]!.GetValue<string>()));
        foreach (var contrast in contrasts)
            Assert.Equal(PooledCaseDice($"seg-{contrast!["arm"]}-s1") - PooledArmDice("geometric"),
                contrast["dice_difference"]!["mean"]!.GetValue<double>(), 9);
        Assert.Equal(2, json["answer"]!.AsArray().Count);
        var markdown = File.ReadAllText(Path.Combine(folds, "folds.md"));
        Assert.Contains("synthetic - geometric Dice", markdown);
        Assert.Contains("the folds' trainings", markdown);
        Assert.Contains("--preset tiny-folds", markdown);
        var html = File.ReadAllText(Path.Combine(folds, "folds.html"));
        Assert.Contains(json["answer"]![0]!.GetValue<string>(), System.Net.WebUtility.HtmlDecode(html));
        Assert.All(new[] { 1, 2, 3 }, f => Assert.Contains($"href=\"../fold{f}/report/report.html\"", html));

        // A rerun of the same command skips every finished stage of every fold and the pooling.
        (code, output) = MainJobPipelineTests.MainJob(["--preset", "tiny-folds", "--run", _run, "--skip-setup"]);
        Assert.True(code == 0, output);
        Assert.Contains("folds: done in an earlier run, skipped", output);
        Assert.DoesNotContain(": started", output);

        // Two cross-validations of one design pooled (the run and a copy of it): twice the folds and test cases, the same
        // means, each fold named by its cross-validation and linked to its report; without --out it is refused, as
        // the pooled report belongs to neither run.
        var copy = Path.Combine(Path.GetDirectoryName(_run)!, "copy");
        CopyFolder(_run, copy);
        var pooledFolder = Path.Combine(Path.GetDirectoryName(_run)!, "pooled");
        var (pooledCode, _, pooledError) = BrainAug.TestSupport.Tools.Run(BrainAug.TestSupport.Tools.Report, "folds", "--run", _run, "--run", copy, "--out", pooledFolder);
        Assert.True(pooledCode == 0, pooledError);
        var pooledJson = JsonNode.Parse(File.ReadAllText(Path.Combine(pooledFolder, "folds.json")))!;
        Assert.Equal((6, 2, 12), (pooledJson["folds"]!.GetValue<int>(), pooledJson["runs"]!.GetValue<int>(), pooledJson["test_cases"]!.GetValue<int>()));
        foreach (var (contrast, pooledContrast) in contrasts.Zip(pooledJson["contrasts"]!.AsArray()))
            Assert.Equal(contrast!["dice_difference"]!["mean"]!.GetValue<double>(), pooledContrast!["dice_difference"]!["mean"]!.GetValue<double>(), 9);
        var pooledHtml = File.ReadAllText(Path.Combine(pooledFolder, "folds.html"));
        Assert.Contains("href=\"../run/fold3/report/report.html\">fold run 3<", pooledHtml);
        Assert.Contains("href=\"../copy/fold1/report/report.html\">fold copy 1<", pooledHtml);
        Assert.Contains("2 cross-validations pooled", File.ReadAllText(Path.Combine(pooledFolder, "folds.md")));
        var (noOutput, _, noOutputError) = BrainAug.TestSupport.Tools.Run(BrainAug.TestSupport.Tools.Report, "folds", "--run", _run, "--run", copy);
        Assert.Equal(2, noOutput);
        Assert.Contains("--out", noOutputError);
        var (twice, _, twiceError) = BrainAug.TestSupport.Tools.Run(BrainAug.TestSupport.Tools.Report, "folds", "--run", _run, "--run", _run + "/", "--out", pooledFolder);
        Assert.Equal(2, twice);
        Assert.Contains("given twice", twiceError);

        // Folds whose geometric arms trained other numbers of seeds are not one design either.
        var record = Path.Combine(Fold(2), ExperimentRecord.FileName);
        ContractFile.Write(record, ContractFile.Read<ExperimentRecord>(record) with { ComparatorSeeds = 1 });
        var (refused, _, stderr) = BrainAug.TestSupport.Tools.Run(BrainAug.TestSupport.Tools.Report, "folds", "--run", _run);
        Assert.Equal(2, refused);
        Assert.Contains("trained other arms or seeds", stderr);

        // Folds made with other numbers of synthetic pairs per real image are not one design: pooling them is refused.
        ContractFile.Write(record, ContractFile.Read<ExperimentRecord>(record) with { ComparatorSeeds = 2, SyntheticPerReal = 2 });
        (refused, _, stderr) = BrainAug.TestSupport.Tools.Run(BrainAug.TestSupport.Tools.Report, "folds", "--run", _run);
        Assert.Equal(2, refused);
        Assert.Contains("made 2 synthetic pair(s) per real image", stderr);

        // Likewise folds whose new tumours came from elsewhere (--tumours real in one fold only).
        ContractFile.Write(record, ContractFile.Read<ExperimentRecord>(record) with { SyntheticPerReal = 1, Tumours = "real" });
        (refused, _, stderr) = BrainAug.TestSupport.Tools.Run(BrainAug.TestSupport.Tools.Report, "folds", "--run", _run);
        Assert.Equal(2, refused);
        Assert.Contains("painted real tumours", stderr);
    }

    private string Fold(int fold) => Path.Combine(_run, $"fold{fold}");

    private static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    /// <summary>An arm's pooled Dice: the mean over its seeds' (every model is scored on the same test cases).</summary>
    private double PooledArmDice(string arm) => arm == "geometric"
        ? (PooledCaseDice("seg-geometric-s1") + PooledCaseDice("seg-geometric-s2")) / 2
        : PooledCaseDice($"seg-{arm}-s1");

    /// <summary>A model's Dice per test case (averaged over the case's slices), averaged over every fold's test cases,
    /// from the folds' per_image.csv.</summary>
    private double PooledCaseDice(string model) => new[] { 1, 2, 3 }.SelectMany(f =>
    {
        var lines = File.ReadAllLines(Path.Combine(Fold(f), "evaluation", "per_image.csv"));
        var header = lines[0].Split(',');
        int Column(string name) => Array.IndexOf(header, name);
        return lines.Skip(1).Where(l => l.Length > 0).Select(l => l.Split(','))
            .Where(c => c[Column("model")] == model)
            .GroupBy(c => c[Column("case")])
            .Select(g => g.Average(c => double.Parse(c[Column("dice")], CultureInfo.InvariantCulture)));
    }).Average();
}
