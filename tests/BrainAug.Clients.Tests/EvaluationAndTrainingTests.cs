using System.Globalization;
using System.Text.Json;
using BrainAug.Contracts;
using BrainAug.Contracts.Training;
using BrainAug.TestSupport;

namespace BrainAug.Clients.Tests;

/// <summary>The evaluation client, and the trainer training on real + a synthetic dataset the client wrote.</summary>
[Trait("Category", "Slow")]
[Collection(ServerCollection.Name)]
public sealed class EvaluationAndTrainingTests(ModelsFixture models) : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Evaluate_TwoModelVersions_CsvsAndFiniteSummary()
    {
        var repository = models.NewRepository(copyModels: true);
        models.Export("seg", repository, version: 2); // the same weights as version 1, published again on purpose
        await using var server = await ServerProcess.StartAsync(repository);
        var output = _temp.NewFolder();

        var (exitCode, stdout, stderr) = ClientRun.Run("evaluate", "--server", server.Address, "--data", models.Data, "--model", "seg-dnn:1",
            "--model", "seg-dnn:2", "--split", "all", "--threshold", "0.5", "--out", output);

        Assert.True(exitCode == 0, stderr);
        Assert.Contains("seg-dnn:1", stdout);
        Assert.Contains("seg-dnn:2", stdout);
        var perImage = File.ReadAllLines(Path.Combine(output, "per_image.csv"));
        var perCase = File.ReadAllLines(Path.Combine(output, "per_case.csv"));
        Assert.Equal(1 + 2 * 5 * 12, perImage.Length); // header + 2 models x 5 cases x 12 slices (policy tumour keeps slices with tumour)
        Assert.Equal(1 + 2 * 5, perCase.Length);
        var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "summary.json"))).RootElement;
        Assert.Contains("evaluate", summary.GetProperty("command_line").GetString());
        var modelsJson = summary.GetProperty("models").EnumerateArray().ToList();
        Assert.Equal([1L, 2L], modelsJson.Select(m => m.GetProperty("version").GetInt64()));
        foreach (var model in modelsJson)
        {
            Assert.Equal(60, model.GetProperty("images").GetInt32());
            foreach (var metric in model.GetProperty("per_image").EnumerateObject())
                foreach (var statistic in metric.Value.EnumerateObject())
                    Assert.True(double.IsFinite(statistic.Value.GetDouble()), $"{metric.Name}.{statistic.Name}");
            Assert.InRange(model.GetProperty("study_pooled_dice").GetDouble(), 0, 1);
        }
        // The per-image Dice column's mean is the summary's mean for model 1.
        var dice = perImage.Skip(1).Where(l => l.StartsWith("seg-dnn,1,", StringComparison.Ordinal)).Select(l => double.Parse(l.Split(',')[5], CultureInfo.InvariantCulture)).Average();
        Assert.Equal(dice, modelsJson[0].GetProperty("per_image").GetProperty("dice").GetProperty("mean").GetDouble(), 5);
    }

    [Fact]
    public async Task Evaluate_RegionsModel_ScoresWtTcEtSeparately()
    {
        var server = await models.RegionsServerAsync();
        var output = _temp.NewFolder();

        var (exitCode, stdout, stderr) = ClientRun.Run("evaluate", "--server", server.Address, "--data", models.Data, "--model", "seg-dnn", "--split", "all", "--out", output);

        Assert.True(exitCode == 0, stderr);
        var perImage = File.ReadAllLines(Path.Combine(output, "per_image.csv"));
        Assert.StartsWith("model,version,region,case,slice,dice,", perImage[0]);
        Assert.Equal(["wt", "tc", "et"], perImage.Skip(1).Select(l => l.Split(',')[2]).Distinct());
        Assert.Equal(3 * 5 * 12, perImage.Length - 1); // three regions x 5 cases x 12 tumour slices
        var summary = ContractFile.Read<BrainAug.Contracts.Evaluation.EvaluationSummary>(Path.Combine(output, "summary.json"));
        Assert.Equal(["wt", "tc", "et"], summary.Models.Select(m => m.Region));
        Assert.All(summary.Models, m => Assert.InRange(m.PerImage["dice"].Mean, 0, 1));
        // The truth's regions are nested: every slice has at least as much WT as TC, and as much TC as ET.
        var truePixels = perImage.Skip(1).Select(l => l.Split(',')).GroupBy(c => (c[3], c[4])).Select(g => g.ToDictionary(c => c[2], c => long.Parse(c[^2], CultureInfo.InvariantCulture)));
        Assert.All(truePixels, t => Assert.True(t["wt"] >= t["tc"] && t["tc"] >= t["et"], $"wt {t["wt"]}, tc {t["tc"]}, et {t["et"]}"));
        Assert.Contains(truePixels, t => t["wt"] > t["tc"] && t["tc"] > t["et"] && t["et"] > 0);
        Assert.Contains("wt", stdout);
    }

    [Fact]
    public async Task Evaluate_OverTheOpenInferenceProtocol_SameMetrics()
    {
        var server = await models.SharedServerAsync();
        var (brainaug, oip) = (_temp.NewFolder(), _temp.NewFolder());
        string[] arguments = ["evaluate", "--server", server.Address, "--data", models.Data, "--model", "seg-dnn", "--split", "all", "--batch", "7"];

        var viaBrainAug = ClientRun.Run([.. arguments, "--out", brainaug]);
        var viaOip = ClientRun.Run([.. arguments, "--out", oip, "--protocol", "oip", "--repository", server.Repository]);

        Assert.True(viaBrainAug.ExitCode == 0, viaBrainAug.Stderr);
        Assert.True(viaOip.ExitCode == 0, viaOip.Stderr);
        foreach (var file in new[] { "per_image.csv", "per_case.csv" })
            Assert.Equal(File.ReadAllText(Path.Combine(brainaug, file)), File.ReadAllText(Path.Combine(oip, file)));
        Assert.Equal(61, File.ReadAllLines(Path.Combine(oip, "per_image.csv")).Length);
    }

    [Fact]
    public async Task Evaluate_UnknownModel_ClearErrorNamingWhatIsServed()
    {
        var server = await models.SharedServerAsync();

        var (exitCode, _, stderr) = ClientRun.Run("evaluate", "--server", server.Address, "--data", models.Data, "--model", "no-such-model",
            "--out", _temp.NewFolder());

        Assert.Equal(3, exitCode);
        Assert.Contains("the server has no model no-such-model; it serves", stderr);
    }

    [Fact]
    public async Task Trainer_SegOnRealPlusSynthetic_TrainsOnBoth()
    {
        var server = await models.SharedServerAsync();
        var root = _temp.NewFolder();
        var synthetic = Path.Combine(root, "synthetic");
        Assert.Equal(0, ClientRun.Run(ClientRun.Augment(server, synthetic, 6, models.Data)).ExitCode);
        string[] seg = ["seg", "--data", models.Data, "--preset", "tiny", "--epochs", "1",
            "--policy", "tumour", "--region", "wt", "--device", "cpu", "--seed", "3"];

        Tools.RunOk(Tools.Trainer, [.. seg, "--out", Path.Combine(root, "real")]);
        Tools.RunOk(Tools.Trainer, [.. seg, "--out", Path.Combine(root, "both"), "--synthetic", synthetic]);

        var realCount = Summary(root, "real").TrainingImages;
        Assert.Equal(realCount, Summary(root, "real").RealTrainingImages);
        Assert.Equal(realCount + 6, Summary(root, "both").TrainingImages);
        Assert.Equal(realCount, Summary(root, "both").RealTrainingImages);
        var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(root, "both", "config.json"))).RootElement;
        Assert.Equal(synthetic, config.GetProperty("synthetic").GetString());
        Assert.True(File.Exists(Path.Combine(root, "both", "best.weights")));

        // The experiment's other arms: synthetic only, and N geometric copies with N defaulting to the real count.
        Tools.RunOk(Tools.Trainer, [.. seg, "--out", Path.Combine(root, "synthetic-only"), "--synthetic", synthetic, "--synthetic-only"]);
        Assert.Equal(6, Summary(root, "synthetic-only").TrainingImages);
        Tools.RunOk(Tools.Trainer, [.. seg, "--out", Path.Combine(root, "geometric"), "--augment", "copies"]);
        Assert.Equal(2 * realCount, Summary(root, "geometric").TrainingImages);
        var (code, _, stderr) = Tools.Run(Tools.Trainer, [.. seg, "--out", Path.Combine(root, "refused"), "--synthetic-only"]);
        Assert.Equal((2, "brainaug-trainer: --synthetic-only needs --synthetic and no --augment copies (the copies are drawn from real slices)"), (code, stderr.Trim()));

        // Transformed synthetic pairs: as many images, but other ones (every pair is read in the first epoch, so the losses part).
        Tools.RunOk(Tools.Trainer, [.. seg, "--out", Path.Combine(root, "both-transformed"), "--synthetic", synthetic, "--transform-synthetic"]);
        Assert.Equal(realCount + 6, Summary(root, "both-transformed").TrainingImages);
        Assert.NotEqual(File.ReadAllText(Path.Combine(root, "both", "steps.csv")), File.ReadAllText(Path.Combine(root, "both-transformed", "steps.csv")));
        (code, _, stderr) = Tools.Run(Tools.Trainer, [.. seg, "--out", Path.Combine(root, "refused"), "--transform-synthetic"]);
        Assert.Equal((2, "brainaug-trainer: --transform-synthetic needs --synthetic (it transforms the synthetic pairs)"), (code, stderr.Trim()));

        // Another seed trains on the same real slices: the split has its own seed (--split-seed), so repeats compare like with like.
        Tools.RunOk(Tools.Trainer, [.. seg.Select(a => a == "3" ? "4" : a), "--out", Path.Combine(root, "seed4")]);
        Assert.Equal((realCount, Summary(root, "real").ValidationImages), (Summary(root, "seed4").TrainingImages, Summary(root, "seed4").ValidationImages));
        Tools.RunOk(Tools.Trainer, [.. seg, "--split-seed", "9", "--out", Path.Combine(root, "split9")]);
        Assert.NotEqual(CaseIds(root, "real"), CaseIds(root, "split9"));
        Assert.Equal(CaseIds(root, "real"), CaseIds(root, "seed4"));
    }

    private static string CaseIds(string root, string run) => File.ReadAllText(Path.Combine(root, run, "split.json"));

    private static RunSummary Summary(string root, string run) => ContractFile.Read<RunSummary>(Path.Combine(root, run, RunSummary.FileName));
}
