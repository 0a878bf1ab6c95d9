using System.Security.Cryptography;
using System.Text.Json;
using BrainAug.Contracts.Models;
using BrainAug.Contracts.Training;
using BrainAug.Exporter.Repository;
using BrainAug.Imaging.Phantom;
using BrainAug.Trainer.Training;

namespace BrainAug.Exporter.Tests;

/// <summary>Tiny real runs of the three trainers on a phantom slab, exported to a temporary repository.</summary>
public sealed class TrainedRunsFixture : IDisposable
{
    public TrainedRunsFixture()
    {
        Root = Path.Combine(Path.GetTempPath(), "brainaug-exporter-tests", Guid.NewGuid().ToString("N"));
        var data = Path.Combine(Root, "phantom");
        PhantomGenerator.Generate(new PhantomOptions { OutputDirectory = data, Cases = 5, Seed = 2, Depth = 12 });
        new SegTraining(new SegConfig
        {
            Data = data, Out = Seg, Size = 32, BaseWidth = 4, Depth = 2, BatchSize = 8, Epochs = 1, Policy = "tumour",
            Region = TargetRegion.Wt, Validation = 0.2, Test = 0.2, Device = "cpu",
        }, resume: false).Run();
        new TumourTraining(new TumourConfig
        {
            Data = data, Out = Tumour, Size = 16, NoiseSize = 8, GeneratorWidth = 4, DiscriminatorWidth = 4, BatchSize = 8,
            Epochs = 1, Policy = "tumour", Region = TargetRegion.Multiclass, Validation = 0.2, Test = 0.2, Device = "cpu",
        }, resume: false).Run();
        new BrainTraining(new BrainConfig
        {
            Data = data, Out = Brain, Size = 32, Downs = 3, GeneratorWidth = 4, DiscriminatorWidth = 4, DiscriminatorLayers = 2,
            BatchSize = 8, Epochs = 1, Policy = "tumour", Condition = BrainCondition.LabelOutline, Validation = 0.2, Test = 0.2, Device = "cpu",
        }, resume: false).Run();
    }

    public string Root { get; }

    public string Seg => Path.Combine(Root, "runs", "seg");

    public string Tumour => Path.Combine(Root, "runs", "tumour");

    public string Brain => Path.Combine(Root, "runs", "brain");

    public string NewRepository() => Path.Combine(Root, "repositories", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { }
    }
}

public class RunExporterTests(TrainedRunsFixture runs) : IClassFixture<TrainedRunsFixture>
{
    [Theory]
    [InlineData("seg", "seg-dnn", "image")]
    [InlineData("tumour", "tumour-generator", "noise")]
    [InlineData("brain", "brain-generator", "condition")]
    public void ExportRun_PublishesGraphMetadataAndTritonConfig(string run, string model, string input)
    {
        var repository = runs.NewRepository();

        var (folder, metadata) = RunExporter.Export(new ExportRequest(Path.Combine(runs.Root, "runs", run), repository));

        Assert.Equal(Path.Combine(repository, model, "1"), folder);
        var onnx = File.ReadAllBytes(Path.Combine(folder, "model.onnx"));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(onnx)), metadata.Sha256);
        Assert.Equal(input, metadata.Inputs[0].Name);
        Assert.Equal(-1, metadata.Inputs[0].Shape[0]);
        Assert.True(metadata.ParityMaxRelativeDifference <= Onnx.ParityCheck.Tolerance);
        Assert.Equal("ok", OnnxChecker.Check(onnx));
        Assert.NotEqual("unavailable", metadata.DatasetFingerprint);
        using var saved = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "metadata.json")));
        Assert.Equal(metadata.Sha256, saved.RootElement.GetProperty("sha256").GetString());
        var triton = File.ReadAllText(Path.Combine(repository, model, "config.pbtxt"));
        Assert.Contains("platform: \"onnxruntime_onnx\"", triton);
        Assert.Contains($"name: \"{input}\"", triton);
        var card = File.ReadAllText(Path.Combine(folder, ModelCard.FileName));
        Assert.Contains(ModelCard.Notice, card);
        Assert.Contains($"sha256 `{metadata.Sha256}`", card);
        Assert.Contains($"- Training command: `{metadata.TrainingConfig.Command}`", card);
        Assert.Contains(run == "seg" ? "Not yet measured" : "no test metrics of its own", card);
    }

    [Fact]
    public void ExportOtherWeights_AddsAVersionAndLeavesNoStagingFolder()
    {
        var repository = runs.NewRepository();

        RunExporter.Export(new ExportRequest(runs.Seg, repository, Model: "model"));
        var (second, metadata) = RunExporter.Export(new ExportRequest(runs.Tumour, repository, Model: "model"));

        Assert.Equal(2, metadata.Version);
        Assert.Equal(["1", "2"], Directory.GetDirectories(Path.Combine(repository, "model")).Select(Path.GetFileName).Order());
        Assert.Equal("generator.weights", metadata.WeightsFile);
        Assert.True(File.Exists(Path.Combine(second, "model.onnx")));
    }

    [Fact]
    public void SameWeightsAgain_ReuseTheirVersion_UnlessAVersionIsAsked()
    {
        var repository = runs.NewRepository();
        var (first, published) = RunExporter.Export(new ExportRequest(runs.Seg, repository));

        var (again, metadata) = RunExporter.Export(new ExportRequest(runs.Seg, repository)); // a rerun after a crash, say

        Assert.Equal((first, 1, published.Sha256), (again, metadata.Version, metadata.Sha256));
        Assert.Equal(["1"], Directory.GetDirectories(Path.Combine(repository, "seg-dnn")).Select(Path.GetFileName));
        var (_, asked) = RunExporter.Export(new ExportRequest(runs.Seg, repository, Version: 5));
        Assert.Equal((5, published.Sha256), (asked.Version, asked.Sha256));
    }

    [Fact]
    public void ExistingVersion_RefusedAndKept()
    {
        var repository = runs.NewRepository();
        RunExporter.Export(new ExportRequest(runs.Brain, repository, Version: 3));
        var before = File.ReadAllBytes(Path.Combine(repository, "brain-generator", "3", "model.onnx"));

        var error = Assert.Throws<IOException>(() => RunExporter.Export(new ExportRequest(runs.Brain, repository, Version: 3)));

        Assert.Contains("already exists", error.Message);
        Assert.Equal(before, File.ReadAllBytes(Path.Combine(repository, "brain-generator", "3", "model.onnx")));
    }

    [Fact]
    public void MissingRunFolder_ClearError()
    {
        var error = Assert.Throws<ExportException>(() => RunExporter.Export(new ExportRequest(Path.Combine(runs.Root, "nope"), runs.NewRepository())));

        Assert.Contains("does not exist", error.Message);
    }

    [Fact]
    public void CorruptWeights_ClearErrorNothingPublished()
    {
        var copy = Path.Combine(runs.Root, "corrupt-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(copy);
        File.Copy(Path.Combine(runs.Tumour, "config.json"), Path.Combine(copy, "config.json"));
        File.WriteAllBytes(Path.Combine(copy, "generator.weights"), [1, 2, 3, 4, 5, 6, 7, 8]);
        var repository = runs.NewRepository();

        var error = Assert.Throws<ExportException>(() => RunExporter.Export(new ExportRequest(copy, repository)));

        Assert.Contains("corrupt", error.Message);
        Assert.False(Directory.Exists(repository));
    }

    [Fact]
    public void ConfigWithARenamedProperty_ClearError()
    {
        var error = ExportCopy(config => config.Replace("\"size\"", "\"image_size\""));

        Assert.Contains("image_size", error.Message);
    }

    [Fact]
    public void ConfigFromBeforeSchemaVersions_SaysTrainAgain()
    {
        var error = ExportCopy(_ => """{"NoiseSize": 8, "Data": "/d", "Out": "/o", "Size": 16}""");

        Assert.Contains("was written before schema versions", error.Message);
        Assert.Contains(TrainingConfig.Remedy, error.Message);
    }

    private ExportException ExportCopy(Func<string, string> change)
    {
        var copy = Path.Combine(runs.Root, "old-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(copy);
        File.WriteAllText(Path.Combine(copy, "config.json"), change(File.ReadAllText(Path.Combine(runs.Tumour, "config.json"))));
        return Assert.Throws<ExportException>(() => RunExporter.Export(new ExportRequest(copy, runs.NewRepository())));
    }
}
