using System.Text.Json.Nodes;
using BrainAug.Contracts.Models;
using BrainAug.Contracts.Training;

namespace BrainAug.Contracts.Tests;

/// <summary>Every contract file is read the same way: its record type, its schema version, nothing unknown.</summary>
public sealed class ContractFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("brainaug-contracts-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void TrainingConfig_RoundTripsAsItsKind_WithTheCommandLineWords()
    {
        var path = Path.Combine(_folder, TrainingConfig.FileName);
        var written = new SegConfig { Data = "d", Out = "o", Region = TargetRegion.Wt, Loss = SegLoss.BceDice, HeadBias = HeadBias.Prior };

        ContractFile.Write<TrainingConfig>(path, written);

        var json = JsonNode.Parse(File.ReadAllText(path))!;
        Assert.Equal("seg", json["kind"]!.GetValue<string>());
        Assert.Equal("bce+dice", json["loss"]!.GetValue<string>());
        Assert.Equal("wt", json["region"]!.GetValue<string>());
        Assert.Equal(1, json["schema_version"]!.GetValue<int>());
        Assert.Equal(written, ContractFile.Read<TrainingConfig>(path));
    }

    [Theory]
    [InlineData("""{"kind": "seg", "data": "d", "out": "o"}""", "was written before schema versions (it has no schema_version); this build reads version 1")]
    [InlineData("""{"schema_version": 2, "kind": "seg", "data": "d", "out": "o"}""", "has schema version 2; this build reads version 1")]
    public void TrainingConfig_OfAnotherSchema_IsRefusedWithWhatToDo(string json, string expected)
    {
        var path = Path.Combine(_folder, TrainingConfig.FileName);
        File.WriteAllText(path, json);

        var error = Assert.Throws<ContractException>(() => ContractFile.Read<TrainingConfig>(path));

        Assert.Equal($"{path} {expected}: {TrainingConfig.Remedy}", error.Message);
    }

    [Fact]
    public void Metadata_FromBeforeSchemaVersions_SaysExportAgain()
    {
        var error = Assert.Throws<ContractException>(() => ContractFile.Parse<ModelMetadata>("""{"model": "seg-dnn", "network": "UNet"}""", "metadata.json"));

        Assert.Contains("export the model again", error.Message);
    }

    [Theory]
    [InlineData("""{"schema_version": 1, "kind": "seg", "data": "d", "out": "o", "BaseWidth": 8}""", "BaseWidth")] // a renamed property
    [InlineData("""{"schema_version": 1, "kind": "seg", "data": "d", "out": "o", "loss": "focal"}""", "loss")] // a word the enum lacks
    [InlineData("""{"schema_version": 1, "kind": "gan", "data": "d", "out": "o"}""", "gan")] // an unknown kind
    public void UnknownPropertyOrWord_IsAnError_NotADefault(string json, string named)
    {
        var error = Assert.Throws<ContractException>(() => ContractFile.Parse<TrainingConfig>(json, "config.json"));

        Assert.Contains("config.json does not hold a valid TrainingConfig", error.Message);
        Assert.Contains(named, error.Message);
    }

    [Fact]
    public void Words_AreTheJsonNames()
    {
        Assert.Equal(["bce", "bce+dice"], Words.All<SegLoss>());
        Assert.Equal(BrainCondition.LabelOutline, Words.Parse<BrainCondition>("label+outline"));
        Assert.Equal("multiclass", Words.Of(TargetRegion.Multiclass));
        Assert.Throws<FormatException>(() => Words.Parse<Precision>("fp16"));
    }

    [Fact]
    public void AtomicWrite_ThatFails_LeavesTheOldFileAndNoTemporary()
    {
        var path = Path.Combine(_folder, "file.json");
        File.WriteAllText(path, "old");

        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, temporary =>
        {
            File.WriteAllText(temporary, "half");
            throw new InvalidOperationException("crash");
        }));

        Assert.Equal("old", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(_folder));
    }
}
