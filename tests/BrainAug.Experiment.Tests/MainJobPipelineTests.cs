using System.Globalization;
using System.Text.Json.Nodes;
using BrainAug.Contracts;
using BrainAug.Contracts.Data;
using BrainAug.Contracts.Evaluation;
using BrainAug.Contracts.Experiment;
using BrainAug.Contracts.Models;
using BrainAug.Contracts.Training;
using BrainAug.TestSupport;

namespace BrainAug.Experiment.Tests;

// The test support's tools (the built executables), not the experiment's class of that name.
using Tools = BrainAug.TestSupport.Tools;

/// <summary>
/// The README's main job end to end on the tiny preset (6-case phantom slab, tiny networks, one seed): every
/// stage runs for real (trainer, exporter, server on loopback, augmentation and evaluation clients, report),
/// then the report's artefacts are checked against the evaluation's CSVs, and reruns skip finished stages.
/// </summary>
[Trait("Category", "Slow")]
[Collection(MainJobCollection.Name)]
public class MainJobPipelineTests : IDisposable
{
    private static readonly string[] Arms = ["real", "geometric", "synthetic", "synthetic-only", "both"];
    private static readonly string[] Metrics = ["dice", "iou", "hd95_mm", "precision", "recall"];
    private readonly string _run = Path.Combine(Directory.CreateTempSubdirectory("brainaug-mainjob-").FullName, "run");

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(_run)!, recursive: true);

    [Fact]
    public void TinyRegionsPreset_ScoresAndReportsWtTcEt()
    {
        var (code, output) = MainJob(["--preset", "tiny-regions", "--run", _run, "--skip-setup"]);
        Assert.True(code == 0, output);
        var report = Path.Combine(_run, "report");
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(report, "report.json")))!.AsObject();

        Assert.Equal(["wt", "tc", "et"], json["regions"]!.AsObject().Select(p => p.Key));
        AssertAllNumbersFinite(json, "report.json");
        CheckAgainstEvaluation(json);
        var markdown = File.ReadAllText(Path.Combine(report, "report.md"));
        foreach (var title in new[] { "### WT (whole tumour)", "### TC (tumour core)", "### ET (enhancing tumour)" }) Assert.Contains(title, markdown);
        var seg = (SegConfig)Read<TrainingConfig>(Path.Combine(_run, "train", "seg-real-s1", TrainingConfig.FileName));
        Assert.Equal((TargetRegion.Regions, "flair,t1,t1ce,t2"), (seg.Region, seg.Modalities));
        Assert.Equal(TargetRegion.Regions, Read<TrainingConfig>(Path.Combine(_run, "train", "tumour", TrainingConfig.FileName)).Region);
        Assert.Equal(TargetRegion.Regions, Read<TrainingConfig>(Path.Combine(_run, "train", "brain", TrainingConfig.FileName)).Region);
    }

    [Fact]
    public void TinyPreset_WritesACompleteConsistentReport_AndRerunsSkipFinishedStages()
    {
        var (code, output) = MainJob(["--preset", "tiny", "--run", _run, "--skip-setup"]);
        Assert.True(code == 0, output);
        Assert.DoesNotContain("check-kernels", output); // the kernel check says nothing on a sound (or already capped) machine
        var report = Path.Combine(_run, "report");
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(report, "report.json")))!.AsObject();

        CheckFigures(report, json);
        AssertAllNumbersFinite(json, "report.json");
        CheckAgainstEvaluation(json);
        Assert.Equal("scripts/main-job.sh --preset tiny --run " + _run + " --skip-setup", json["main_job_command_line"]!.GetValue<string>());
        Assert.Equal(ProductVersion.Current, json["brainaug_version"]!.GetValue<string>());
        // The study's question head to head: synthetic and both against geometric, with a plain answer for each.
        var headToHead = json["head_to_head"]!["et"]!;
        Assert.Equal(["synthetic", "both"], headToHead["contrasts"]!.AsArray().Select(c => c!["arm"]!.GetValue<string>()));
        // The tiny preset tests one case: no interval, and the answer says so rather than guessing.
        Assert.Equal(2, headToHead["answer"]!.AsArray().Count(a => a!.GetValue<string>().Contains("no interval (one test case)")));
        Assert.Contains("synthetic - geometric: no interval (one test case)", File.ReadAllText(Path.Combine(report, "report.md")));
        Assert.NotEqual("unknown", ProductVersion.Current);
        CheckContractFiles();
        var realImages = json["real_training_images"]!.GetValue<int>();
        Assert.Equal(ContractFile.Read<RunSummary>(Path.Combine(_run, "train", "seg-real-s1", RunSummary.FileName)).TrainingImages, realImages);
        Assert.Equal(realImages, json["n"]!.GetValue<int>());
        Assert.Equal(realImages, File.ReadAllLines(Path.Combine(_run, "synthetic", "manifest.jsonl")).Count(l => l.Length > 0));
        foreach (var key in new[] { "os", "dotnet", "onnx_runtime", "cpu", "training_device" })
            Assert.False(string.IsNullOrWhiteSpace(json["environment"]![key]!.ToString()), key);

        // A rerun of the same command skips every stage.
        var stages = Directory.GetFiles(Path.Combine(_run, "stages"), "*.done").Length;
        Assert.Equal(4 + Arms.Length + 2, stages); // data, tumour, brain, augment; one Seg-DNN per arm; evaluate, report
        (code, output) = MainJob(["--preset", "tiny", "--run", _run, "--skip-setup"]);
        Assert.True(code == 0, output);
        Assert.Equal(stages, output.Split('\n').Count(l => l.Contains("done in an earlier run, skipped")));

        // A rerun that changes what the results mean is refused before any stage: the finished ones were made without it.
        var reportBefore = File.ReadAllText(Path.Combine(report, "report.json"));
        (code, output) = MainJob(["--preset", "tiny", "--run", _run, "--skip-setup", "--synthetic-per-real", "2"]);
        Assert.Equal(1, code);
        Assert.Contains("was started with --synthetic-per-real 1, this command asks for --synthetic-per-real 2", output);
        Assert.DoesNotContain("done in an earlier run", output);
        Assert.Equal(reportBefore, File.ReadAllText(Path.Combine(report, "report.json")));

        // An interruption after the last Seg-DNN: only the unfinished stages run again, and the report comes back.
        foreach (var stage in new[] { "seg-both-s1", "evaluate", "report" }) File.Delete(Path.Combine(_run, "stages", stage + ".done"));
        Directory.Delete(report, recursive: true);
        (code, output) = MainJob(["--preset", "tiny", "--run", _run, "--skip-setup"]);
        Assert.True(code == 0, output);
        Assert.Equal(stages - 3, output.Split('\n').Count(l => l.Contains("done in an earlier run, skipped")));
        // seg-both-s1's training had finished (its summary.json exists): it is not run again, and exporting the same
        // weights again reuses their version.
        Assert.DoesNotContain("--resume", File.ReadAllText(Path.Combine(_run, "train", "seg-both-s1", "config.json")));
        Assert.Equal(["1"], Directory.GetDirectories(Path.Combine(_run, "models", "seg-both-s1")).Select(Path.GetFileName));
        Assert.True(File.Exists(Path.Combine(report, "report.html")));
    }

    [Theory]
    [InlineData("--preset", "huge")]
    [InlineData("--seeds", "0")]
    [InlineData("--generator-seed", "0")]
    [InlineData("--synthetic-per-real", "0")]
    [InlineData("--comparator-seeds", "0")]
    [InlineData("--comparator-seeds", "9")]
    [InlineData("--preset", "tiny-curve", "--comparator-seeds", "2")] // a curve resamples one seed index across the arms
    [InlineData("--synthetic-per-real", "17")]
    [InlineData("--tumours", "drawn")]
    [InlineData("--data", "/no/such/folder")]
    [InlineData("--bogus")]
    [InlineData("--seg-precision", "fp16")]
    [InlineData("--partition", "debug")] // the slurm executor's options, with the local executor
    [InlineData("--gres", "gpu:1")]
    [InlineData("--sbatch-arg=--qos=long")]
    [InlineData("--preset", "tiny-curve", "--count", "3")] // a curve point's N is its own real images
    [InlineData("--preset", "tiny-curve", "--executor", "slurm")] // the curve runs its points here, one after another
    [InlineData("--preset", "tiny-folds", "--fold", "4", "--stage", "evaluate")] // tiny-folds has folds 1..3
    [InlineData("--preset", "tiny", "--fold", "1", "--stage", "evaluate")] // a fold of a preset without folds
    public void BadOptions_OneLineAndExitCode2_BeforeAnyKernelCheck(params string[] arguments)
    {
        // An empty kernel-verdict cache and none of test.sh's kernel settings: any check would run and fill the cache.
        var cache = Directory.CreateTempSubdirectory("brainaug-kernel-cache-").FullName;
        try
        {
            var (code, output) = MainJob([.. arguments, "--run", _run, "--skip-setup"], cache);
            Assert.Equal(2, code);
            Assert.StartsWith("brainaug-experiment: ", output.Trim());
            Assert.Single(output.Trim().Split('\n'));
            Assert.False(Directory.Exists(_run));
            Assert.Empty(Directory.GetFileSystemEntries(cache));
        }
        finally
        {
            Directory.Delete(cache, recursive: true);
        }
    }

    private static void CheckFigures(string report, JsonObject json)
    {
        var figures = json["figures"]!.AsObject().Select(f => f.Value!.GetValue<string>()).ToList();
        // 11 + tumour centroids (real, synthetic), tumour areas, the phantom's montage, and for the tiny preset's inpainting
        // brain generator the host | region | synthetic | label grid and the tumour-aware memorisation plot.
        Assert.Equal(17, figures.Count);
        Assert.Contains("figures/inpainting.png", figures);
        Assert.Contains("figures/tumour_memorisation.png", figures);
        var tumours = json["quality"]!["tumour_memorisation"]!;
        Assert.True(tumours["painted_count"]!.GetValue<int>() > 0 && tumours["real_test_count"]!.GetValue<int>() > 0, tumours.ToJsonString());
        var html = File.ReadAllText(Path.Combine(report, "report.html"));
        var markdown = File.ReadAllText(Path.Combine(report, "report.md"));
        CheckFixedFeatureSpace(json["quality"]!, markdown);
        foreach (var figure in figures)
        {
            var bytes = File.ReadAllBytes(Path.Combine(report, figure));
            Assert.True(bytes.Length > 1000 && bytes[..8].SequenceEqual(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }), $"{figure} is not a PNG");
            Assert.Contains($"({figure})", markdown);
            Assert.Contains(Convert.ToBase64String(bytes), html); // embedded, byte for byte
        }
        // Self-contained: no image or style loaded from anywhere else.
        Assert.DoesNotContain("src=\"figures/", html);
        Assert.DoesNotContain("http://", html);
        Assert.DoesNotContain("https://", html);
        foreach (var arm in Arms) Assert.Contains($"<td>{arm}</td>", html);
        Assert.Contains("58.90 %", markdown);
        Assert.Contains("bootstrap over test cases and seeds", markdown);
        Assert.Contains("63.23 %", html);
    }

    /// <summary>The quality numbers that compare across runs: tumour patches of three sets against the real training
    /// tumours in the fixed feature space, each measure present exactly when the sets are large enough for it; and the
    /// report says which numbers compare across runs and which only within this one.</summary>
    private static void CheckFixedFeatureSpace(JsonNode quality, string markdown)
    {
        var space = quality["fixed_feature_space"]!;
        Assert.Equal("brainaug-fixed-v1", space["name"]!.GetValue<string>());
        Assert.True(space["compares_across_runs"]!.GetValue<bool>());
        Assert.False(quality["frechet_compares_across_runs"]!.GetValue<bool>());
        var comparisons = space["comparisons"]!.AsArray();
        Assert.Equal(["real test (reference)", "synthetic", "geometric"], comparisons.Select(c => c!["set"]!.GetValue<string>()));
        foreach (var c in comparisons)
        {
            var smaller = Math.Min(c!["tumours"]!.GetValue<int>(), c["train_tumours"]!.GetValue<int>());
            Assert.True(smaller > 0, c.ToJsonString());
            Assert.Equal(smaller >= 3, c["kid"] is not null);
            Assert.Equal(smaller >= 10, c["classifier_accuracy"] is not null);
            if (c["kid"] is { } kid) Assert.InRange(kid["value"]!.GetValue<double>(), kid["low"]!.GetValue<double>(), kid["high"]!.GetValue<double>());
            Assert.Contains($"Tumours in brainaug-fixed-v1, {c["set"]!.GetValue<string>()} (", markdown);
        }
        Assert.Contains("compare them within this run only", markdown);
    }

    /// <summary>Every contract file the run holds reads back through its record type, at this build's schema version,
    /// and the files agree with each other (one split everywhere, each model's network is its run's kind).</summary>
    private void CheckContractFiles()
    {
        var record = Read<ExperimentRecord>(Path.Combine(_run, ExperimentRecord.FileName));
        Assert.Equal(Arms, record.Arms);
        var split = Read<SplitFile>(record.SplitFile);
        Assert.Equal(Path.Combine(_run, SplitFile.FileName), record.SplitFile);
        var runs = Directory.GetDirectories(Path.Combine(_run, "train"));
        Assert.Equal(2 + Arms.Length, runs.Length); // tumour, brain, one Seg-DNN per arm (one seed)
        foreach (var run in runs)
        {
            var name = Path.GetFileName(run);
            var config = Read<TrainingConfig>(Path.Combine(run, TrainingConfig.FileName));
            Assert.Equal(name switch { "tumour" => NetworkKind.Tumour, "brain" => NetworkKind.Brain, _ => NetworkKind.Seg }, config.Kind);
            Assert.Equal(record.SplitFile, config.SplitFile);
            var summary = Read<RunSummary>(Path.Combine(run, RunSummary.FileName));
            Assert.Equal(config.Kind, summary.Kind);
            Assert.Equal(ProductVersion.Current, summary.BrainAugVersion);
            Assert.True(summary.TrainingImages > 0 && summary.Seconds > 0, name);
            Assert.NotEqual(Precision.Auto, summary.Precision);
            if (config.Kind == NetworkKind.Seg) Assert.StartsWith("auto: ", summary.PrecisionReason); // the main job's default
            var used = Read<SplitFile>(Path.Combine(run, SplitFile.FileName));
            Assert.Equal(split.Train, used.Train);
            Assert.Equal(split.Test, used.Test);
        }
        var evaluation = Read<EvaluationSummary>(Path.Combine(_run, "evaluation", EvaluationSummary.FileName));
        var metadata = Directory.GetFiles(Path.Combine(_run, "models"), ModelMetadata.FileName, SearchOption.AllDirectories);
        Assert.Equal(runs.Length, metadata.Length);
        foreach (var path in metadata)
        {
            var model = Read<ModelMetadata>(path);
            Assert.Equal(model.TrainingConfig.Kind, model.Network);
            Assert.Equal(ProductVersion.Current, model.BrainAugVersion);
            Assert.Contains("\"brainaug_version\"", File.ReadAllText(path)); // the same key in every file that records it
            CheckModelCard(Path.GetDirectoryName(path)!, model, evaluation);
        }
        Assert.Equal(record.SplitFile, evaluation.SplitFile);
        Assert.Equal(Arms.Length, evaluation.Models.Count);
        Assert.Equal(ProductVersion.Current, evaluation.BrainAugVersion);
    }

    /// <summary>Every exported version has a model card naming its data and split; a segmenter's carries the test
    /// figures of evaluation/summary.json, a generator's says it has none.</summary>
    private static void CheckModelCard(string versionFolder, ModelMetadata model, EvaluationSummary evaluation)
    {
        var card = File.ReadAllText(Path.Combine(versionFolder, ModelCard.FileName));
        Assert.StartsWith($"# Model card: {model.Model}, version {model.Version}", card);
        Assert.Contains(ModelCard.Notice, card);
        Assert.Contains($"- Dataset: `{model.TrainingConfig.Data}`", card);
        Assert.Matches(@"Split by case \(seed 1\): \d+ training, \d+ validation, \d+ test cases", card);
        var test = card[card.IndexOf(ModelCard.TestHeading, StringComparison.Ordinal)..];
        if (model.Network != NetworkKind.Seg)
        {
            Assert.Contains("no test metrics of its own", test);
            return;
        }
        Assert.Contains("- Validation Dice at that epoch: ", card);
        var scores = evaluation.Models.Single(m => m.Model == model.Model && m.Version == model.Version);
        var dice = scores.PerImage["dice"];
        Assert.Contains($"| {scores.Region} | {scores.Images} | {scores.Cases} | {dice.Mean.ToString("0.####", CultureInfo.InvariantCulture)} ± " +
                        $"{dice.Std.ToString("0.####", CultureInfo.InvariantCulture)} |", test);
    }

    private static T Read<T>(string path) where T : IContract
    {
        var contract = ContractFile.Read<T>(path);
        Assert.Equal(T.CurrentSchemaVersion, contract.SchemaVersion);
        return contract;
    }

    // Every per-seed metric is the mean of the evaluation's per-image rows of that model; every arm's mean is the
    // mean of its seeds; the study's pooled figure is the evaluation summary's.
    private void CheckAgainstEvaluation(JsonObject json)
    {
        var lines = File.ReadAllLines(Path.Combine(_run, "evaluation", "per_image.csv"));
        var header = lines[0].Split(',');
        var rows = lines.Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')).ToList();
        var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(_run, "evaluation", "summary.json")))!["models"]!.AsArray();
        var regionColumn = Array.IndexOf(header, "region");
        Assert.Equal(rows.Select(r => r[regionColumn]).Distinct(), json["regions"]!.AsObject().Select(p => p.Key));
        Assert.Equal(json["arms"]!.ToJsonString(), json["regions"]!.AsObject().First().Value!.ToJsonString()); // "arms" is the first region's
        foreach (var (region, arms) in json["regions"]!.AsObject())
            CheckRegion(region, arms!.AsArray(), header, [.. rows.Where(r => r[regionColumn] == region)], [.. summary.Where(m => m!["region"]!.GetValue<string>() == region)]);
    }

    private static void CheckRegion(string region, JsonArray arms, string[] header, List<string[]> rows, List<JsonNode?> summary)
    {
        Assert.Equal(Arms, arms.Select(a => a!["arm"]!.GetValue<string>()));
        foreach (var arm in arms)
        {
            foreach (var seed in arm!["seeds"]!.AsArray())
            {
                var model = seed!["model"]!.GetValue<string>();
                var modelRows = rows.Where(r => r[0] == model).ToList();
                Assert.True(modelRows.Count > 0, $"{model} {region}");
                Assert.Equal(modelRows.Count, seed["images"]!.GetValue<int>());
                foreach (var metric in Metrics)
                {
                    var fromCsv = modelRows.Average(r => double.Parse(r[Array.IndexOf(header, metric)], CultureInfo.InvariantCulture));
                    Assert.Equal(fromCsv, seed["metrics"]![metric]!.GetValue<double>(), 9);
                }
                var evaluated = summary.Single(m => m!["model"]!.GetValue<string>() == model)!;
                Assert.Equal(evaluated["study_pooled_dice"]!.GetValue<double>(), seed["study_pooled_dice"]!.GetValue<double>(), 12);
                Assert.Equal(evaluated["sha256"]!.GetValue<string>(), seed["sha256"]!.GetValue<string>());
            }
            foreach (var metric in Metrics)
                Assert.Equal(arm["seeds"]!.AsArray().Average(s => s!["metrics"]![metric]!.GetValue<double>()), arm["metrics"]![metric]!["mean"]!.GetValue<double>(), 12);
        }
    }

    private static void AssertAllNumbersFinite(JsonNode? node, string path)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, value) in o) AssertAllNumbersFinite(value, $"{path}.{key}");
                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++) AssertAllNumbersFinite(a[i], $"{path}[{i}]");
                break;
            case JsonValue v when v.GetValueKind() == System.Text.Json.JsonValueKind.Number:
                Assert.True(double.IsFinite(v.GetValue<double>()), $"{path} is not finite");
                break;
            case JsonValue v when v.GetValueKind() == System.Text.Json.JsonValueKind.String:
                Assert.DoesNotContain(v.GetValue<string>(), new[] { "NaN", "Infinity", "-Infinity" });
                break;
        }
    }

    /// <summary>scripts/main-job.sh; with <paramref name="kernelCache"/>, that kernel-verdict cache and none of the
    /// caller's kernel settings.</summary>
    /// <summary>scripts/main-job.sh with the test build's tools (also the learning curve's tests).</summary>
    internal static (int Code, string Output) MainJob(string[] arguments, string? kernelCache = null)
    {
        var start = ProcessRunner.Command("bash", ["scripts/main-job.sh", .. arguments],
            new Dictionary<string, string> { ["BRAINAUG_CONFIGURATION"] = Tools.Configuration }, Tools.RepositoryRoot);
        if (kernelCache is not null)
        {
            start.Environment["BRAINAUG_CACHE_DIR"] = kernelCache;
            start.Environment.Remove("DNNL_MAX_CPU_ISA");
            start.Environment.Remove("ATEN_CPU_CAPABILITY");
        }
        var (code, stdout, stderr) = ProcessRunner.Run(start, TimeSpan.FromMinutes(10));
        return (code, stdout + stderr);
    }
}
